package io.openlobby.loadgen;

import java.time.Duration;

/** The arithmetic of the ramp, the retries and the deadline, kept pure so that it can be tested. */
public final class Pacing {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** Slack after ramp + hold before the run is aborted. */
  public static final Duration DEADLINE_SLACK = Duration.ofSeconds(60);

  private Pacing() {}

  /** When player {@code index} (0-based) is due, in nanoseconds after the ramp starts. */
  public static long dueNanos(long index, int perSecond) {
    if (perSecond < 1) {
      throw new IllegalArgumentException("rate must be at least 1 per second");
    }
    // index * 1e9 / rate without overflow for any index below 2^63 / 1e9 (~9.2e9 players)
    return index / perSecond * NANOS_PER_SECOND + (index % perSecond) * NANOS_PER_SECOND / perSecond;
  }

  /** The planned ramp time: the last player is due at (players - 1) / rate seconds. */
  public static Duration rampDuration(int players, int perSecond) {
    return Duration.ofNanos(dueNanos(Math.max(0, players - 1), perSecond));
  }

  /** Ramp time + hold duration + {@link #DEADLINE_SLACK}. */
  public static Duration hardDeadline(int players, int perSecond, Duration hold) {
    return hardDeadline(players, perSecond, hold, DEADLINE_SLACK);
  }

  /** Ramp time + hold duration + {@code slack}. */
  public static Duration hardDeadline(int players, int perSecond, Duration hold, Duration slack) {
    return rampDuration(players, perSecond).plus(hold).plus(slack);
  }

  /**
   * Exponential backoff with full jitter before try {@code nextAttempt} (2, 3, ...): a uniform delay
   * in [0, min(cap, base * 2^(nextAttempt - 2))), {@code random} in [0, 1).
   */
  public static long backoffMillis(int nextAttempt, long baseMillis, long capMillis, double random) {
    if (nextAttempt < 2) {
      return 0;
    }
    int shift = Math.min(30, nextAttempt - 2);
    long ceiling = Math.min(capMillis, baseMillis << shift);
    return (long) Math.floor(random * ceiling);
  }

  /** Rate in events per second over {@code nanos}; 0 when the interval is empty. */
  public static double perSecond(long events, long nanos) {
    return nanos <= 0 ? 0.0 : events * (double) NANOS_PER_SECOND / nanos;
  }
}
