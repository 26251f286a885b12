package io.openlobby.loadgen;

import java.util.ArrayList;
import java.util.List;

/**
 * The run sampled once a second: players connected (sockets open), frames per second in and out,
 * errors so far. Written into summary.json and drawn in report.html.
 */
public final class TimeSeries {
  private final List<Double> seconds = new ArrayList<>();
  private final List<Long> open = new ArrayList<>();
  private final List<Long> framesIn = new ArrayList<>();
  private final List<Long> framesOut = new ArrayList<>();
  private final List<Long> errors = new ArrayList<>();
  private long lastIn;
  private long lastOut;

  /** The samples so far. */
  public record Samples(List<Double> seconds, List<Long> open, List<Long> framesInPerSecond,
      List<Long> framesOutPerSecond, List<Long> errors) {}

  /** One sample at {@code elapsedSeconds}; frame counters are totals, turned into per-second rates. */
  public synchronized void sample(double elapsedSeconds, long openNow, long framesInTotal, long framesOutTotal,
      long errorsTotal) {
    seconds.add(Math.round(elapsedSeconds * 10) / 10.0);
    open.add(openNow);
    framesIn.add(framesInTotal - lastIn);
    framesOut.add(framesOutTotal - lastOut);
    errors.add(errorsTotal);
    lastIn = framesInTotal;
    lastOut = framesOutTotal;
  }

  /** The frames per second of the last sample, in and out. */
  public synchronized long[] lastRates() {
    int n = framesIn.size();
    return n == 0 ? new long[] {0, 0} : new long[] {framesIn.get(n - 1), framesOut.get(n - 1)};
  }

  public synchronized Samples samples() {
    return new Samples(List.copyOf(seconds), List.copyOf(open), List.copyOf(framesIn), List.copyOf(framesOut),
        List.copyOf(errors));
  }
}
