package io.openlobby.directory;

import io.openlobby.CborSerializable;
import io.openlobby.room.RoomView;
import java.util.Map;

/**
 * Which rooms of a mode a listing or a subscription wants: a region (null: any), open ones only,
 * and attribute equality (every given key must have the given value). Equal filters share one
 * encoded frame in the node's lobby feed.
 */
public record LobbyFilter(String region, boolean openOnly, Map<String, String> attributes)
    implements CborSerializable {

  public LobbyFilter {
    attributes = Map.copyOf(attributes);
  }

  public static final LobbyFilter OPEN = new LobbyFilter(null, true, Map.of());

  public boolean matches(RoomSummary room) {
    if (region != null && !region.equals(room.region())) {
      return false;
    }
    if (openOnly && room.status() != RoomView.Status.OPEN) {
      return false;
    }
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (!e.getValue().equals(room.attributes().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
