package io.openlobby.room;

import io.openlobby.CborSerializable;

/**
 * A room event as members are told it ({@code room.event}). {@code event} is one of joined, left,
 * kicked, ready, host_changed, chat, started, closed; the fields that do not apply are null.
 * {@code reason}: why the room closed ({@code abandoned}: every member of its game was away).
 */
public record RoomEventView(
    String roomId, String event, String playerId, String name, Boolean ready, String hostId,
    String text, long at, String reason)
    implements CborSerializable {

  public RoomEventView(
      String roomId, String event, String playerId, String name, Boolean ready, String hostId,
      String text, long at) {
    this(roomId, event, playerId, name, ready, hostId, text, at, null);
  }

  static RoomEventView of(String roomId, String event, String playerId, long at) {
    return new RoomEventView(roomId, event, playerId, null, null, null, null, at);
  }
}
