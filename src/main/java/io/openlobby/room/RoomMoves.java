package io.openlobby.room;

import io.openlobby.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a live room's member commands (join, ready, kick, chat, start, coming back): each
 * decides from the state which events to persist and whom to tell afterwards, or refuses with the
 * contract's error code. Leaving and going away are {@link RoomExits}.
 */
final class RoomMoves {
  private final String roomId;
  private final RoomHooks hooks;

  RoomMoves(String roomId, RoomHooks hooks) {
    this.roomId = roomId;
    this.hooks = hooks;
  }

  RoomMove join(RoomState.Live state, String playerId, String name, String joinCode, long at) {
    if (state.member(playerId).isPresent()) { // idempotent: already a member
      return state.isAway(playerId) ? back(state, playerId, at) : RoomMove.unchanged();
    }
    if (state.isPrivate() && (state.joinCode() == null || !state.joinCode().equals(joinCode))) {
      return RoomMove.refuse(ErrorCode.ROOM_NOT_FOUND); // a private room does not admit it exists
    }
    if (state.started()) {
      return RoomMove.refuse(ErrorCode.ROOM_IN_GAME);
    }
    if (state.isFull()) {
      return RoomMove.refuse(ErrorCode.ROOM_FULL);
    }
    RoomEventView joined = new RoomEventView(roomId, "joined", playerId, name, null, null, null, at);
    return RoomMove.persist(
        List.of(new Room.PlayerJoined(playerId, name, at)), () -> hooks.notify(state.memberIds(), joined));
  }

  RoomMove setReady(RoomState.Live state, String playerId, boolean ready, long at) {
    if (state.member(playerId).isEmpty()) {
      return RoomMove.refuse(ErrorCode.NOT_IN_ROOM);
    }
    RoomEventView view = new RoomEventView(roomId, "ready", playerId, null, ready, null, null, at);
    return RoomMove.persist(
        returning(state, playerId, at, new Room.ReadyChanged(playerId, ready, at)),
        () -> hooks.notify(state.memberIds(), view));
  }

  RoomMove kick(RoomState.Live state, String byPlayerId, String playerId, long at) {
    if (!state.hostId().equals(byPlayerId)) {
      return RoomMove.refuse(ErrorCode.NOT_HOST);
    }
    if (state.member(playerId).isEmpty() || playerId.equals(byPlayerId)) {
      return RoomMove.refuse(ErrorCode.NOT_IN_ROOM);
    }
    RoomEventView kicked = RoomEventView.of(roomId, "kicked", playerId, at);
    return RoomMove.persist(
        List.of(new Room.PlayerKicked(playerId, byPlayerId, at)),
        () -> {
          hooks.notify(state.memberIds(), kicked); // the kicked player included
          hooks.released(playerId, roomId);
          if (state.started()) {
            hooks.inGame(List.of(playerId), false);
          }
        });
  }

  RoomMove chat(RoomState.Live state, String playerId, String text, long at) {
    if (state.member(playerId).isEmpty()) {
      return RoomMove.refuse(ErrorCode.NOT_IN_ROOM);
    }
    RoomEventView chat = new RoomEventView(roomId, "chat", playerId, null, null, null, text, at);
    List<String> others = state.memberIds().stream().filter(id -> !id.equals(playerId)).toList();
    return RoomMove.persist(
        returning(state, playerId, at, new Room.ChatPosted(playerId, text, at)),
        () -> hooks.notify(others, chat));
  }

  RoomMove start(RoomState.Live state, String byPlayerId, long at) {
    if (!state.hostId().equals(byPlayerId)) {
      return RoomMove.refuse(ErrorCode.NOT_HOST);
    }
    if (state.started()) {
      return RoomMove.refuse(ErrorCode.ROOM_IN_GAME);
    }
    if (!state.allReady()) {
      return RoomMove.refuse(ErrorCode.NOT_READY);
    }
    RoomEventView started = RoomEventView.of(roomId, "started", byPlayerId, at);
    return RoomMove.persist(
        List.of(new Room.GameStarted(at)),
        () -> {
          hooks.notify(state.memberIds(), started);
          hooks.inGame(state.memberIds(), true);
        });
  }

  /**
   * A game's member says it is back (online again, or it joined again). Also when it was not away:
   * a rebuilt Player entity forgot in_game (soft state), so it is told again.
   */
  RoomMove memberBack(RoomState.Live state, String playerId, long at) {
    if (!state.started() || state.member(playerId).isEmpty()) {
      return RoomMove.unchanged();
    }
    if (!state.isAway(playerId)) {
      return RoomMove.unchanged(() -> hooks.inGame(List.of(playerId), true));
    }
    return back(state, playerId, at);
  }

  /** An away member is back: its mark goes and it is in game again. */
  private RoomMove back(RoomState.Live state, String playerId, long at) {
    return RoomMove.persist(
        List.of(new Room.MemberReturned(playerId, at)), () -> hooks.inGame(List.of(playerId), true));
  }

  /** A member's own command says it is back: its away mark goes first. */
  private static List<Room.Event> returning(RoomState.Live state, String playerId, long at, Room.Event event) {
    if (!state.isAway(playerId)) {
      return List.of(event);
    }
    List<Room.Event> all = new ArrayList<>();
    all.add(new Room.MemberReturned(playerId, at));
    all.add(event);
    return all;
  }
}
