package io.openlobby.loadgen.scenario;

import java.util.concurrent.CompletableFuture;

/** A player a scenario brought online: the runner holds it, watches it, and closes it at the end. */
public interface OnlinePlayer {
  boolean isOpen();

  /**
   * Completes when the player's connection is gone, with the server's close code (-1 if none);
   * {@link #closedByUs()} tells whether the close was the runner's.
   */
  CompletableFuture<Integer> closed();

  boolean closedByUs();

  /** The reason of the server's {@code closing} frame, or null when none came. */
  default String closingReason() {
    return null;
  }

  /** Closes the player normally; completes when it is gone. */
  CompletableFuture<Integer> close();
}
