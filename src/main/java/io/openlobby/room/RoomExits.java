package io.openlobby.room;

import java.util.ArrayList;
import java.util.List;

/**
 * How members leave a room and what the room then tells whom: a leave (asked for, or an open room's
 * member gone for good), a game's member going away (it stays a member), and a game closing because
 * every member is away. The events are decided here from the state; the room persists them and then
 * runs the move's {@code tell}.
 */
final class RoomExits {
  /** The reason a game's room closed when every member was away. */
  static final String ABANDONED = "abandoned";

  private final String roomId;
  private final RoomHooks hooks;

  RoomExits(String roomId, RoomHooks hooks) {
    this.roomId = roomId;
    this.hooks = hooks;
  }

  /**
   * {@code playerId} leaves. The last member's leave closes the room; a host's leave hands it on; a
   * leave that leaves only away members in a game abandons it. {@code releaseClaim}: the room lets
   * go of the player's membership itself (nobody asked; a session's leave releases it).
   */
  RoomMove leave(RoomState.Live state, String playerId, long at, boolean releaseClaim) {
    List<String> others = state.memberIds().stream().filter(id -> !id.equals(playerId)).toList();
    List<Room.Event> events = new ArrayList<>(List.of(new Room.PlayerLeft(playerId, at)));
    String successor = null;
    boolean abandoned = false;
    if (others.isEmpty()) {
      events.add(new Room.RoomClosed(at));
    } else if (state.started() && others.stream().allMatch(state::isAway)) {
      events.add(new Room.RoomAbandoned(at));
      abandoned = true;
    } else if (state.hostId().equals(playerId)) {
      successor = state.successorOf(playerId).orElseThrow();
      events.add(new Room.HostChanged(successor, at));
    }
    String newHost = successor;
    boolean abandon = abandoned;
    return RoomMove.persist(
        events,
        () -> {
          hooks.notify(others, RoomEventView.of(roomId, "left", playerId, at));
          if (newHost != null) {
            hooks.notify(others, hostChanged(newHost, at));
          }
          if (state.started()) {
            hooks.inGame(List.of(playerId), false);
          }
          if (releaseClaim) {
            hooks.released(playerId, roomId);
          }
          if (abandon) {
            abandon(others, at);
          }
        });
  }

  /**
   * In a game, {@code playerId} went away for good: it stays a member, marked away. A host that is
   * away hands the room to a member that is not; once every member is away the room closes.
   */
  RoomMove away(RoomState.Live state, String playerId, long at) {
    RoomState.Live after = state.withAway(playerId);
    List<String> members = state.memberIds();
    Room.MemberWentAway went = new Room.MemberWentAway(playerId, at);
    if (after.allAway()) {
      return RoomMove.persist(List.of(went, new Room.RoomAbandoned(at)), () -> abandon(members, at));
    }
    if (state.hostId().equals(playerId)) {
      String successor = after.successorOf(playerId).orElseThrow();
      return RoomMove.persist(
          List.of(went, new Room.HostChanged(successor, at)),
          () -> hooks.notify(members, hostChanged(successor, at)));
    }
    return RoomMove.persist(List.of(went), () -> {});
  }

  /** Nobody is left to play: the members hear why, their claims go, and they are no longer in game. */
  private void abandon(List<String> members, long at) {
    hooks.notify(
        members, new RoomEventView(roomId, "closed", null, null, null, null, null, at, ABANDONED));
    for (String id : members) {
      hooks.released(id, roomId);
    }
    hooks.inGame(members, false);
  }

  RoomEventView hostChanged(String hostId, long at) {
    return new RoomEventView(roomId, "host_changed", null, null, null, hostId, null, at);
  }
}
