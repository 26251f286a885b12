package io.openlobby.match;

/**
 * How one mode forms teams, as the {@link Matcher} needs it: {@code teams} teams of exactly {@code
 * teamSize} players, and a skill window that starts at {@code initialWindow}, grows by {@code
 * widenPerSecond} for every second a ticket waits, and stops at {@code maxWindow}.
 */
public record MatchRules(
    int teams, int teamSize, double initialWindow, double widenPerSecond, double maxWindow) {

  public MatchRules {
    if (teams < 2 || teamSize < 1) {
      throw new IllegalArgumentException("a match needs at least 2 teams of at least 1 player");
    }
    if (initialWindow < 0 || widenPerSecond < 0 || maxWindow < initialWindow) {
      throw new IllegalArgumentException("skill window: 0 <= initial <= max, widening >= 0");
    }
  }

  public int playersPerMatch() {
    return teams * teamSize;
  }

  /** The skill window of a ticket that has waited {@code waitedMs}. */
  public double window(long waitedMs) {
    double grown = initialWindow + widenPerSecond * Math.max(0, waitedMs) / 1000.0;
    return Math.min(grown, maxWindow);
  }
}
