package io.openlobby.loadgen.behaviour;

import io.openlobby.loadgen.LoadgenException;
import io.openlobby.loadgen.Metrics;
import io.openlobby.loadgen.scenario.LivePlayer;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Disconnect and resume: {@code rate} of the players per second (evenly spread, a random player each
 * time) drop their socket and reconnect with {@code ?resume=<resumeToken>&lastSeq=<n>}. Records the
 * time from the drop to the new {@code welcome} ({@code resume}) and counts {@code resumesTried},
 * {@code resumed} (welcome said {@code resumed: true}), {@code resumedFalse} (a new session) and
 * {@code resumesFailed} under {@code prefix}.
 */
public final class Resumer {
  private final Recorders rec;
  private final Metrics metrics;
  private final String prefix;
  private ScheduledFuture<?> task;

  public Resumer(Recorders rec, Metrics metrics, String prefix) {
    this.rec = rec;
    this.metrics = metrics;
    this.prefix = prefix;
  }

  /** Starts resuming {@code rate x players.size()} players per second until {@link #stop()}. */
  public synchronized void start(ScheduledExecutorService scheduler, List<LivePlayer> players, double rate) {
    start(scheduler, players, rate, () -> true);
  }

  /** As {@link #start(ScheduledExecutorService, List, double)}, starting none while {@code active} is false. */
  public synchronized void start(ScheduledExecutorService scheduler, List<LivePlayer> players, double rate,
      java.util.function.BooleanSupplier active) {
    double perSecond = rate * players.size();
    if (perSecond <= 0) {
      return;
    }
    long period = Math.max(1, Math.round(1e9 / perSecond));
    task = scheduler.scheduleAtFixedRate(() -> {
      if (active.getAsBoolean()) {
        resumeOne(players.get(ThreadLocalRandom.current().nextInt(players.size())));
      }
    }, period, period, TimeUnit.NANOSECONDS);
  }

  public synchronized void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private void resumeOne(LivePlayer p) {
    if (p.resuming() || !p.isOpen()) {
      return;
    }
    long start = System.nanoTime();
    rec.count(prefix + ".resumesTried");
    p.resume().whenComplete((resumed, failure) -> {
      if (failure != null) {
        metrics.error(LoadgenException.kindOf(failure));
        rec.count(prefix + ".resumesFailed");
      } else {
        rec.record("resume", System.nanoTime() - start);
        rec.count(prefix + (resumed ? ".resumed" : ".resumedFalse"));
      }
    });
  }
}
