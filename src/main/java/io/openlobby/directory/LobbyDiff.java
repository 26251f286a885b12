package io.openlobby.directory;

import io.openlobby.CborSerializable;
import java.util.List;

/**
 * What changed in a mode's lobby during one batching interval: the rooms added or changed (their
 * latest summary) and the ids removed. {@code version} grows by one per diff; a snapshot carries the
 * version it reflects, so a subscriber drops diffs it already has.
 */
public record LobbyDiff(String mode, long version, List<RoomSummary> upserts, List<String> removed)
    implements CborSerializable {}
