package io.openlobby.room;

import io.openlobby.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * What the room tells callers about itself. It carries the join code; the edges show it to members
 * of a private room only.
 */
public record RoomView(
    String roomId,
    String mode,
    String name,
    String region,
    String hostId,
    int players,
    int maxPlayers,
    Status status,
    Map<String, String> attributes,
    boolean isPrivate,
    String joinCode,
    List<RoomState.Member> members,
    List<List<String>> teams)
    implements CborSerializable {

  public RoomView {
    teams = teams == null ? List.of() : teams;
  }

  public enum Status {
    OPEN,
    FULL,
    IN_GAME,
    CLOSED
  }

  public boolean hasMember(String playerId) {
    return members.stream().anyMatch(m -> m.playerId().equals(playerId));
  }
}
