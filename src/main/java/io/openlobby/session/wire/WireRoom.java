package io.openlobby.session.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.openlobby.room.RoomView;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A full room as clients see it ({@code room.state}, {@code GET /v1/rooms/{id}}). The join code is
 * shown only to members of a private room.
 */
public record WireRoom(
    String roomId,
    String mode,
    String name,
    String region,
    String hostId,
    int players,
    int maxPlayers,
    String status,
    Map<String, String> attributes,
    @JsonProperty("private") boolean isPrivate,
    List<Member> members,
    String joinCode,
    List<List<String>> teams) {

  /** {@code away}: in a game, the member went away for good (it may come back). */
  public record Member(String playerId, String name, boolean ready, boolean away) {}

  public static WireRoom of(RoomView view, String viewerId) {
    boolean showCode = view.isPrivate() && view.hasMember(viewerId);
    return new WireRoom(
        view.roomId(),
        view.mode(),
        view.name(),
        view.region(),
        view.hostId(),
        view.players(),
        view.maxPlayers(),
        view.status().name().toLowerCase(Locale.ROOT),
        view.attributes(),
        view.isPrivate(),
        view.members().stream().map(m -> new Member(m.playerId(), m.name(), m.ready(), view.away().contains(m.playerId()))).toList(),
        showCode ? view.joinCode() : null,
        view.teams().isEmpty() ? null : view.teams());
  }
}
