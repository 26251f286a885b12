package io.openlobby.loadgen.scenario;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What the players of a run do. The runner paces the players, bounds the tries in flight, retries
 * failed tries and holds, then closes, what the scenario brings online; a scenario knows how to
 * bring one player online once, and may act after the ramp and during the hold. One implementation
 * per file; register it in {@link Scenarios}.
 */
public interface Scenario {
  /** The name given to {@code --scenario}. */
  String name();

  /**
   * One try to bring player {@code index} (0-based, global over all shards) online. Completes with
   * the online player, or exceptionally; a {@link io.openlobby.loadgen.LoadgenException} names the
   * error kind it is counted under. A failed try must leave nothing open.
   */
  CompletableFuture<OnlinePlayer> connect(int index);

  /** Time this scenario needs beyond ramp + hold (added to the hard deadline). */
  default Duration extraTime() {
    return Duration.ZERO;
  }

  /** Called once every player of this process has connected or failed, before the hold. */
  default void afterRamp() throws InterruptedException {}

  /** The hold: all players online for {@code duration}. By default the players just stay connected. */
  default void hold(Duration duration) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    for (long wait; (wait = end - System.nanoTime()) > 0; ) {
      TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
    }
  }

  /** Scenario results for the summary (a record serialised into summary.json), or null. */
  default ScenarioResults results() {
    return null;
  }

  /** Extra latency histograms (microseconds) to save in summary.json, by name. */
  default Map<String, Histogram> histograms() {
    return Map.of();
  }

  /** Scenario results: printed in the text summary and written into summary.json. */
  interface ScenarioResults {
    /** Lines for the text summary. */
    String text();
  }
}
