package io.openlobby.player;

import java.util.Locale;
import java.util.Optional;

/**
 * A player's presence. {@code ONLINE}, {@code AWAY}, {@code BUSY} and {@code INVISIBLE} are chosen by
 * the player; {@code IN_GAME} is set by the room and match side; {@code OFFLINE} means no session.
 * Others never see {@code INVISIBLE}: to them it is {@code OFFLINE}.
 */
public enum PresenceStatus {
  ONLINE,
  AWAY,
  BUSY,
  INVISIBLE,
  IN_GAME,
  OFFLINE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The statuses a client may set with presence.set. */
  public static Optional<PresenceStatus> settable(String wire) {
    for (PresenceStatus s : new PresenceStatus[] {ONLINE, AWAY, BUSY, INVISIBLE}) {
      if (s.wire().equals(wire)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
