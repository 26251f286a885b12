package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacingTest {

  @Test
  void playersAreSpacedEvenlyAtTheRate() {
    assertEquals(0, Pacing.dueNanos(0, 500));
    assertEquals(2_000_000, Pacing.dueNanos(1, 500));
    assertEquals(1_000_000_000, Pacing.dueNanos(500, 500));
    assertEquals(333_333_333, Pacing.dueNanos(1, 3));
    assertEquals(1_333_333_333, Pacing.dueNanos(4, 3));
    assertEquals(3_600_000_000_000L, Pacing.dueNanos(3_600, 1));
    // monotonic, no drift: player 10,000 at 500/s is due at exactly 20 s
    assertEquals(20_000_000_000L, Pacing.dueNanos(10_000, 500));
    for (int i = 1; i < 2_000; i++) {
      assertTrue(Pacing.dueNanos(i, 7) > Pacing.dueNanos(i - 1, 7));
    }
    assertThrows(IllegalArgumentException.class, () -> Pacing.dueNanos(1, 0));
  }

  @Test
  void rampAndDeadline() {
    assertEquals(Duration.ZERO, Pacing.rampDuration(1, 500));
    assertEquals(Duration.ofMillis(19_998), Pacing.rampDuration(10_000, 500));
    assertEquals(Duration.ofMillis(9_999), Pacing.rampDuration(10_000, 1_000));
    assertEquals(Duration.ofMillis(19_998 + 60_000 + 60_000),
        Pacing.hardDeadline(10_000, 500, Duration.ofSeconds(60)));
  }

  @Test
  void backoffIsExponentialWithFullJitterAndCapped() {
    assertEquals(0, Pacing.backoffMillis(1, 200, 5_000, 0.99));
    assertEquals(0, Pacing.backoffMillis(2, 200, 5_000, 0.0));
    assertEquals(199, Pacing.backoffMillis(2, 200, 5_000, 0.999));
    assertEquals(399, Pacing.backoffMillis(3, 200, 5_000, 0.999));
    assertEquals(200, Pacing.backoffMillis(4, 200, 5_000, 0.25));
    assertEquals(4_995, Pacing.backoffMillis(30, 200, 5_000, 0.999));
    assertEquals(4_995, Pacing.backoffMillis(1_000, 200, 5_000, 0.999));
  }

  @Test
  void rates() {
    assertEquals(500.0, Pacing.perSecond(10_000, 20_000_000_000L), 1e-9);
    assertEquals(0.0, Pacing.perSecond(5, 0), 1e-9);
  }
}
