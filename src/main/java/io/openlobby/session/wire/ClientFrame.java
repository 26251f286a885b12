package io.openlobby.session.wire;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.ErrorCode;
import io.openlobby.directory.LobbyFilter;
import io.openlobby.player.PresenceStatus;
import java.util.List;
import java.util.Map;

/**
 * A client frame decoded once at the edge. {@code rid} is the client's request id as it sent it (a
 * JSON string or number, or null), echoed back as {@code re}.
 */
public sealed interface ClientFrame {
  JsonNode rid();

  record Ping(JsonNode rid) implements ClientFrame {}

  record RoomCreate(
      JsonNode rid,
      String mode,
      String name,
      int maxPlayers,
      boolean isPrivate,
      Map<String, String> attributes)
      implements ClientFrame {}

  /** roomId, joinCode or both (a private room needs its code) are set. */
  record RoomJoin(JsonNode rid, String roomId, String joinCode) implements ClientFrame {}

  record RoomLeave(JsonNode rid) implements ClientFrame {}

  record RoomReady(JsonNode rid, boolean ready) implements ClientFrame {}

  record RoomKick(JsonNode rid, String playerId) implements ClientFrame {}

  record RoomChat(JsonNode rid, String text) implements ClientFrame {}

  record RoomStart(JsonNode rid) implements ClientFrame {}

  /** status is one of online, away, busy, invisible; activity may be null. */
  record PresenceSet(JsonNode rid, PresenceStatus status, String activity) implements ClientFrame {}

  record PresenceWatch(JsonNode rid, List<String> playerIds) implements ClientFrame {}

  record PresenceUnwatch(JsonNode rid, List<String> playerIds) implements ClientFrame {}

  record LobbySubscribe(JsonNode rid, String mode, LobbyFilter filter) implements ClientFrame {}

  record LobbyUnsubscribe(JsonNode rid, String mode) implements ClientFrame {}

  /** match.accept ({@code accept}) or match.decline of a proposed match. */
  record MatchAnswer(JsonNode rid, String ticketId, boolean accept) implements ClientFrame {}

  /** A frame that could not be decoded: answered with an error frame, the socket stays open. */
  record Rejected(JsonNode rid, ErrorCode code, String message) implements ClientFrame {}
}
