package io.openlobby;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.StatusReply;

/**
 * The typed error codes of the wire contract, shared by HTTP ({@code {"code","message"}}) and
 * WebSocket error frames. Each code has one HTTP status and says whether retrying can help.
 * docs/protocol.md lists them; keep the two in step.
 */
public enum ErrorCode {
  BAD_REQUEST(400, false, "The request is malformed"),
  UNKNOWN_TYPE(400, false, "Unknown message type"),
  UNAUTHORIZED(401, false, "Missing, malformed, expired or badly signed token"),
  FORBIDDEN(403, false, "Not allowed"),
  GUEST_AUTH_DISABLED(403, false, "Guest login is switched off on this server"),
  NOT_FOUND(404, false, "No such resource"),
  ROOM_NOT_FOUND(404, false, "No such room"),
  ALREADY_IN_ROOM(409, false, "The player is already in a room"),
  ROOM_EXISTS(409, false, "A room with this id already exists"),
  NOT_IN_ROOM(409, false, "The player is not in this room"),
  ROOM_FULL(409, false, "The room is full"),
  ROOM_CLOSED(409, false, "The room is closed"),
  ROOM_IN_GAME(409, false, "The room's game has started"),
  NOT_HOST(403, false, "Only the host may do this"),
  NOT_READY(409, false, "Not every member is ready"),
  WATCH_LIMIT(409, false, "This session watches the maximum number of players"),
  WATCHERS_LIMIT(409, false, "This player has the maximum number of watchers"),
  UNKNOWN_MODE(400, false, "No such matchmaking mode"),
  PARTY_TOO_LARGE(400, false, "The party does not fit in one team"),
  NOT_CONNECTED(409, false, "Every player of a ticket must hold a live session"),
  ALREADY_QUEUED(409, false, "The player already holds a live ticket"),
  TICKET_NOT_FOUND(404, false, "No such ticket"),
  TICKET_MATCHED(409, false, "The ticket is already matched"),
  NOT_PROPOSED(409, false, "The ticket has no match waiting for an answer"),
  SLOW_CONSUMER(503, true, "The client did not read its frames fast enough"),
  PAYLOAD_TOO_LARGE(413, false, "The request or frame is too large"),
  RATE_LIMITED(429, true, "Too many requests"),
  UNAVAILABLE(503, true, "The server cannot serve this right now; retry later"),
  INTERNAL(500, true, "Internal error");

  private final int httpStatus;
  private final boolean retryable;
  private final String defaultMessage;

  ErrorCode(int httpStatus, boolean retryable, String defaultMessage) {
    this.httpStatus = httpStatus;
    this.retryable = retryable;
    this.defaultMessage = defaultMessage;
  }

  /** The snake_case code on the wire. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean retryable() {
    return retryable;
  }

  public String defaultMessage() {
    return defaultMessage;
  }

  /**
   * The code for a failed ask: an entity's {@code StatusReply} error carries a wire code; a timeout
   * means the entity (or its journal) cannot answer now.
   */
  public static ErrorCode ofFailure(Throwable failure) {
    Throwable cause = failure;
    while (!(cause instanceof StatusReply.ErrorMessage)
        && !(cause instanceof TimeoutException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof StatusReply.ErrorMessage msg) {
      return fromWire(msg.getMessage()).orElse(INTERNAL);
    }
    return cause instanceof TimeoutException ? UNAVAILABLE : INTERNAL;
  }

  /** The code whose wire name is {@code wire}, as carried in a StatusReply error across the cluster. */
  public static Optional<ErrorCode> fromWire(String wire) {
    for (ErrorCode c : values()) {
      if (c.wire().equals(wire)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
