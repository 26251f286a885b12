package io.openlobby.match;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WaitEstimatorTest {

  @Test
  void noEstimateBeforeTheFirstMatch() {
    assertEquals(-1, new WaitEstimator(200, 60_000).estimateMs(1500, 0, 0));
  }

  @Test
  void theBracketsRecentRateGivesTheEstimate() {
    WaitEstimator e = new WaitEstimator(200, 60_000);
    for (int i = 0; i < 30; i++) {
      e.matched(1450, i * 1000L); // 30 tickets of bracket 1400-1599 in the last minute: 0.5/s
    }
    e.matched(2500, 1000);
    e.prune(59_000);
    assertEquals(2_000, e.estimateMs(1500, 0, 10), "first in its bracket: 1 / 0.5 per second");
    assertEquals(8_000, e.estimateMs(1599, 3, 10), "three ahead in its bracket");
  }

  @Test
  void aBracketWithoutRecentMatchesFallsBackToTheQueuesRate() {
    WaitEstimator e = new WaitEstimator(200, 60_000);
    for (int i = 0; i < 60; i++) {
      e.matched(1500, i * 1000L); // 1 per second queue-wide
    }
    assertEquals(5_000, e.estimateMs(3000, 0, 4));
  }

  @Test
  void matchesOlderThanTheWindowNoLongerCount() {
    WaitEstimator e = new WaitEstimator(200, 60_000);
    e.matched(1500, 0);
    e.prune(60_001);
    assertEquals(-1, e.estimateMs(1500, 0, 0));
  }
}
