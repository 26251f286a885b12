package io.openlobby.session.wire;

import io.openlobby.player.PresenceView;

/** A presence entry in presence.snapshot and GET /v1/players/{id}/presence. */
public record WirePresence(String playerId, String status, String activity, long lastSeen) {
  public static WirePresence of(PresenceView view) {
    return new WirePresence(view.playerId(), view.status().wire(), view.activity(), view.lastSeen());
  }
}
