package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HistogramSummaryTest {

  @Test
  void percentilesInMilliseconds() {
    LatencyRecorder r = new LatencyRecorder("connect");
    for (int ms = 1; ms <= 1_000; ms++) {
      r.recordNanos(TimeUnit.MILLISECONDS.toNanos(ms));
    }
    HistogramSummary s = HistogramSummary.of(r.total());
    assertEquals(1_000, s.count());
    assertEquals(500, s.p50(), 1.0);
    assertEquals(900, s.p90(), 1.0);
    assertEquals(990, s.p99(), 1.0);
    assertEquals(1_000, s.max(), 1.0);
    assertEquals(500.5, s.mean(), 1.0);
    assertTrue(s.line("connect").contains("p99"));
  }

  @Test
  void intervalsAccumulateIntoTheTotal() {
    LatencyRecorder r = new LatencyRecorder("login");
    r.recordNanos(TimeUnit.MILLISECONDS.toNanos(10));
    assertEquals(1, r.drainInterval().getTotalCount());
    r.recordNanos(TimeUnit.MILLISECONDS.toNanos(30));
    r.recordNanos(TimeUnit.MILLISECONDS.toNanos(20));
    assertEquals(2, r.drainInterval().getTotalCount());
    assertEquals(0, r.drainInterval().getTotalCount());
    HistogramSummary s = HistogramSummary.of(r.total());
    assertEquals(3, s.count());
    assertEquals(30, s.max(), 0.1);
  }

  @Test
  void emptyAndOutOfRange() {
    assertEquals(new HistogramSummary(0, 0, 0, 0, 0, 0), HistogramSummary.of(new LatencyRecorder("x").total()));
    LatencyRecorder r = new LatencyRecorder("x");
    r.recordNanos(0);
    r.recordNanos(TimeUnit.HOURS.toNanos(5));
    HistogramSummary s = HistogramSummary.of(r.total());
    assertEquals(2, s.count());
    assertEquals(3_600_000, s.max(), 3_600);
  }
}
