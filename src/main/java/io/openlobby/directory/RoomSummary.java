package io.openlobby.directory;

import io.openlobby.CborSerializable;
import io.openlobby.room.RoomView;
import java.util.Map;

/** A public room as lobby listings show it. Private rooms never become one. */
public record RoomSummary(
    String roomId,
    String mode,
    String name,
    String region,
    String hostId,
    int players,
    int maxPlayers,
    RoomView.Status status,
    Map<String, String> attributes,
    long createdAt)
    implements CborSerializable {

  public static RoomSummary of(RoomView view, long createdAt) {
    return new RoomSummary(
        view.roomId(), view.mode(), view.name(), view.region(), view.hostId(), view.players(),
        view.maxPlayers(), view.status(), view.attributes(), createdAt);
  }
}
