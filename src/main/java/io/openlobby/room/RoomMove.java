package io.openlobby.room;

import io.openlobby.ErrorCode;
import java.util.List;

/**
 * What a room decided about a command, before anything is persisted: refuse it with a code, or
 * persist {@code events} (none: no change) and then run {@code tell} (notify members, lobby and
 * Player entities). {@link RoomMoves} and {@link RoomExits} decide; the {@link Room} applies.
 */
record RoomMove(ErrorCode refused, List<Room.Event> events, Runnable tell) {
  private static final Runnable NOTHING = () -> {};

  static RoomMove refuse(ErrorCode code) {
    return new RoomMove(code, List.of(), NOTHING);
  }

  static RoomMove unchanged() {
    return unchanged(NOTHING);
  }

  /** Nothing to persist, but {@code tell} still runs before the answer. */
  static RoomMove unchanged(Runnable tell) {
    return new RoomMove(null, List.of(), tell);
  }

  static RoomMove persist(List<Room.Event> events, Runnable tell) {
    return new RoomMove(null, events, tell);
  }
}
