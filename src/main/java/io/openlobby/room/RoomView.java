package io.openlobby.room;

import io.openlobby.CborSerializable;
import java.util.List;
import java.util.Map;

/**
 * What the room tells callers about itself. It carries the join code; the edges show it to members
 * of a private room only. {@code away}: the members of a game that went away for good.
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
    List<List<String>> teams,
    List<String> away)
    implements CborSerializable {

  public RoomView {
    teams = teams == null ? List.of() : teams;
    away = away == null ? List.of() : away;
  }

  /** A room nobody is away from. */
  public RoomView(
      String roomId, String mode, String name, String region, String hostId, int players,
      int maxPlayers, Status status, Map<String, String> attributes, boolean isPrivate,
      String joinCode, List<RoomState.Member> members, List<List<String>> teams) {
    this(roomId, mode, name, region, hostId, players, maxPlayers, status, attributes, isPrivate,
        joinCode, members, teams, List.of());
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
