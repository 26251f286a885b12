package io.openlobby.player;

/**
 * What the player chose and what the room side set, plus when the player was last seen. Immutable;
 * {@link #visible} is what everyone but the player sees.
 */
record PresenceState(
    String playerId, PresenceStatus chosen, String activity, boolean inGame, boolean connected, long lastSeen) {

  static PresenceState offline(String playerId, long now) {
    return new PresenceState(playerId, PresenceStatus.ONLINE, null, false, false, now);
  }

  PresenceState connectedAt(long now) {
    return new PresenceState(playerId, chosen, activity, inGame, true, now);
  }

  PresenceState disconnectedAt(long now) {
    // The next first session starts online again; a chosen "invisible" does not stick across logins.
    return new PresenceState(playerId, PresenceStatus.ONLINE, null, false, false, now);
  }

  PresenceState chose(PresenceStatus status, String newActivity, long now) {
    return new PresenceState(playerId, status, newActivity, inGame, connected, now);
  }

  PresenceState inGame(boolean playing) {
    return new PresenceState(playerId, chosen, activity, playing, connected, lastSeen);
  }

  /** What watchers and other players see. */
  PresenceView visible() {
    if (!connected || chosen == PresenceStatus.INVISIBLE) {
      return new PresenceView(playerId, PresenceStatus.OFFLINE, null, lastSeen);
    }
    return new PresenceView(playerId, inGame ? PresenceStatus.IN_GAME : chosen, activity, lastSeen);
  }

  /** What the player itself sees (its own invisible status included). */
  PresenceView own() {
    if (!connected) {
      return visible();
    }
    return new PresenceView(playerId, inGame ? PresenceStatus.IN_GAME : chosen, activity, lastSeen);
  }
}
