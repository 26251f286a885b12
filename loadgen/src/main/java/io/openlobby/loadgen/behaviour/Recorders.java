package io.openlobby.loadgen.behaviour;

import io.openlobby.loadgen.LatencyRecorder;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** The named latency histograms and counters of the behaviours of one run (any thread). */
public final class Recorders {
  private final Map<String, LatencyRecorder> latencies = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final Map<String, Long> lastP99 = new ConcurrentHashMap<>();
  /** System.nanoTime() before which drained latencies are left out of the totals (warm-up). */
  private volatile long keepFromNanos = System.nanoTime();

  /** Latencies drained before {@code nanos} (System.nanoTime()) stay out of {@link #totals()}. */
  public void keepFrom(long nanos) {
    keepFromNanos = nanos;
  }

  private boolean warmingUp() {
    return System.nanoTime() - keepFromNanos < 0;
  }

  public void record(String name, long nanos) {
    latencies.computeIfAbsent(name, LatencyRecorder::new).recordNanos(nanos);
  }

  public void count(String name) {
    add(name, 1);
  }

  public void add(String name, long n) {
    counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  public long get(String name) {
    LongAdder a = counts.get(name);
    return a == null ? 0 : a.sum();
  }

  /** Counters whose name starts with {@code prefix + "."}, without the prefix. */
  public Map<String, Long> counts(String prefix) {
    Map<String, Long> m = new TreeMap<>();
    counts.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        m.put(k.substring(prefix.length() + 1), v.sum());
      }
    });
    return m;
  }

  public Map<String, Histogram> totals() {
    if (warmingUp()) {
      intervalP99s(); // still warming up: what was recorded so far stays out
    }
    Map<String, Histogram> m = new TreeMap<>();
    latencies.forEach((k, v) -> m.put(k, v.total()));
    return m;
  }

  /** Once a second: the p99 of the last second of each histogram, "  p99 name 12.3 ms". */
  public String intervalP99s() {
    StringBuilder sb = new StringBuilder();
    boolean keep = !warmingUp();
    new TreeMap<>(latencies).forEach((k, v) -> {
      Histogram h = v.drainInterval(keep);
      if (h.getTotalCount() > 0) {
        lastP99.put(k, h.getValueAtPercentile(99));
      }
      Long p = lastP99.get(k);
      if (p != null) {
        sb.append(String.format(Locale.ROOT, "  %s %.1f", k, p / 1000.0));
      }
    });
    return sb.length() == 0 ? "" : "  p99 ms:" + sb;
  }
}
