package io.openlobby.player;

import io.openlobby.CborSerializable;

/** A player's presence as others see it ({@code activity} may be null). */
public record PresenceView(String playerId, PresenceStatus status, String activity, long lastSeen)
    implements CborSerializable {}
