package io.openlobby.loadgen.scenario;

import java.util.concurrent.CompletableFuture;

/**
 * What the players of a run do. The runner paces the players, bounds the tries in flight, retries
 * failed tries and holds, then closes, what the scenario brings online; a scenario only knows how to
 * bring one player online once. One implementation per file; register it in {@link Scenarios}.
 */
public interface Scenario {
  /** The name given to {@code --scenario}. */
  String name();

  /**
   * One try to bring player {@code index} (0-based) online. Completes with the online player, or
   * exceptionally; a {@link io.openlobby.loadgen.LoadgenException} names the error kind it is
   * counted under. A failed try must leave nothing open.
   */
  CompletableFuture<OnlinePlayer> connect(int index);
}
