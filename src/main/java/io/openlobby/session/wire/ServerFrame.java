package io.openlobby.session.wire;

import io.openlobby.match.MatchNotice;
import io.openlobby.match.TicketStatus;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.player.PresenceView;
import io.openlobby.room.RoomEventView;
import java.util.List;

/**
 * A frame the server sends. Each record's components are its JSON fields; {@code type} and {@code
 * seq} are added by {@link ServerFrameEncoder}. {@code re} echoes the request's {@code rid}.
 */
public sealed interface ServerFrame {
  String type();

  record Welcome(
      String playerId,
      String sessionId,
      String resumeToken,
      long serverTime,
      long heartbeatMs,
      boolean resumed)
      implements ServerFrame {
    public String type() {
      return "welcome";
    }
  }

  record Pong(JsonNode re) implements ServerFrame {
    public String type() {
      return "pong";
    }
  }

  record Ok(JsonNode re) implements ServerFrame {
    public String type() {
      return "ok";
    }
  }

  record Error(JsonNode re, String code, String message, boolean retryable) implements ServerFrame {
    public String type() {
      return "error";
    }
  }

  record PresenceSnapshot(JsonNode re, List<WirePresence> players, List<Refused> refused)
      implements ServerFrame {
    public String type() {
      return "presence.snapshot";
    }
  }

  /** A watch that was not taken, with the error code saying why. */
  record Refused(String playerId, String code) {}

  /** A pushed presence event. */
  record Presence(String playerId, String status, String activity, long lastSeen)
      implements ServerFrame {
    public String type() {
      return "presence";
    }

    public static Presence of(PresenceView view) {
      return new Presence(view.playerId(), view.status().wire(), view.activity(), view.lastSeen());
    }
  }

  /**
   * The last frame before the server closes the socket: why, and when to come back. The client
   * resumes with its resumeToken after {@code retryAfterMs} (plus jitter).
   */
  record Closing(String reason, long retryAfterMs) implements ServerFrame {
    public String type() {
      return "closing";
    }
  }

  /** The first page of a mode's lobby; {@code cursor} pages on with GET /v1/lobby/rooms. */
  record LobbySnapshot(
      JsonNode re,
      String mode,
      List<WireRoomSummary> rooms,
      @JsonInclude(JsonInclude.Include.ALWAYS) String cursor)
      implements ServerFrame {
    public String type() {
      return "lobby.snapshot";
    }
  }

  record LobbyUpdate(String mode, List<WireRoomSummary> upserts, List<String> removed)
      implements ServerFrame {
    public String type() {
      return "lobby.update";
    }
  }

  /** A pushed room event; fields that do not apply to the event are absent. */
  record RoomEvent(
      String roomId, String event, String playerId, String name, Boolean ready, String hostId,
      String text, long at, String reason)
      implements ServerFrame {
    public String type() {
      return "room.event";
    }

    public static RoomEvent of(RoomEventView e) {
      return new RoomEvent(
          e.roomId(), e.event(), e.playerId(), e.name(), e.ready(), e.hostId(), e.text(), e.at(),
          e.reason());
    }
  }

  record RoomState(JsonNode re, WireRoom room) implements ServerFrame {
    public String type() {
      return "room.state";
    }
  }

  /**
   * A pushed ticket status. position and estimatedWaitMs while searching (the estimate absent while
   * unknown), matchId and acceptBy while proposed, reason once cancelled or expired.
   */
  record MatchStatus(
      String ticketId, String status, Integer position, Long estimatedWaitMs, String matchId,
      Long acceptBy, String reason)
      implements ServerFrame {
    public String type() {
      return "match.status";
    }

    public static MatchStatus of(MatchNotice.Status s) {
      boolean searching = s.status() == TicketStatus.SEARCHING;
      return new MatchStatus(
          s.ticketId(),
          s.status().wire(),
          searching ? s.position() : null,
          searching && s.estimatedWaitMs() >= 0 ? s.estimatedWaitMs() : null,
          s.matchId(),
          s.status() == TicketStatus.PROPOSED ? s.acceptBy() : null,
          s.reason());
    }
  }

  record MatchFound(String ticketId, String roomId, String mode, List<List<String>> teams)
      implements ServerFrame {
    public String type() {
      return "match.found";
    }

    public static MatchFound of(MatchNotice.Found f) {
      return new MatchFound(f.ticketId(), f.roomId(), f.mode(), f.teams());
    }
  }
}
