package io.openlobby.loadgen.behaviour;

import java.util.concurrent.ThreadLocalRandom;

/** Think times: uniform from 0.5 to 1.5 times the mean. */
final class Think {
  private Think() {}

  static long millis(long mean) {
    return Math.round(mean * (0.5 + ThreadLocalRandom.current().nextDouble()));
  }

  static boolean chance(double p) {
    return ThreadLocalRandom.current().nextDouble() < p;
  }
}
