package io.openlobby.loadgen;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency measure, in microseconds: a lock-free {@link Recorder} for the writers, drained once a
 * second into a cumulative histogram (the interval is what the progress line shows).
 */
public final class LatencyRecorder {
  /** One hour in microseconds: anything slower is recorded as one hour. */
  static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

  private final String name;
  private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
  private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
  private Histogram interval;

  public LatencyRecorder(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public void recordNanos(long nanos) {
    long micros = Math.max(1, Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(nanos)));
    recorder.recordValue(micros);
  }

  /** Moves everything recorded since the last call into the total; returns that interval (a reused object). */
  public synchronized Histogram drainInterval() {
    return drainInterval(true);
  }

  /** As {@link #drainInterval()}, but the interval goes into the total only when {@code keep}. */
  public synchronized Histogram drainInterval(boolean keep) {
    interval = recorder.getIntervalHistogram(interval);
    if (keep) {
      total.add(interval);
    }
    return interval;
  }

  /** A copy of everything recorded so far. */
  public synchronized Histogram total() {
    drainInterval();
    return total.copy();
  }
}
