package io.openlobby.session.wire;

import io.openlobby.directory.RoomSummary;
import java.util.Locale;
import java.util.Map;

/** A room in lobby frames and listings: the contract's room summary. */
public record WireRoomSummary(
    String roomId,
    String mode,
    String name,
    String region,
    String hostId,
    int players,
    int maxPlayers,
    String status,
    Map<String, String> attributes) {

  public static WireRoomSummary of(RoomSummary room) {
    return new WireRoomSummary(
        room.roomId(), room.mode(), room.name(), room.region(), room.hostId(), room.players(),
        room.maxPlayers(), room.status().name().toLowerCase(Locale.ROOT), room.attributes());
  }
}
