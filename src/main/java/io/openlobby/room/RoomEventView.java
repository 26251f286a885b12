package io.openlobby.room;

import io.openlobby.CborSerializable;

/**
 * A room event as members are told it ({@code room.event}). {@code event} is one of joined, left,
 * kicked, ready, host_changed, chat, started; the fields that do not apply are null.
 */
public record RoomEventView(
    String roomId, String event, String playerId, String name, Boolean ready, String hostId,
    String text, long at)
    implements CborSerializable {

  static RoomEventView of(String roomId, String event, String playerId, long at) {
    return new RoomEventView(roomId, event, playerId, null, null, null, null, at);
  }
}
