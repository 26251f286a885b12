package io.openlobby.match;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Estimates how long a waiting ticket still waits, from the recent match rate of its skill bracket:
 * {@code (tickets ahead of it in its bracket + 1) / tickets matched per second in that bracket}
 * over the last {@code windowMs}. A bracket with no recent match falls back to the whole queue's
 * rate; a queue with none at all gives no estimate (-1). Plain Java, like the matcher.
 */
public final class WaitEstimator {
  private final double bracketWidth;
  private final long windowMs;
  private final Map<Long, ArrayDeque<Long>> matchedAt = new HashMap<>();
  private final ArrayDeque<Long> allMatchedAt = new ArrayDeque<>();

  public WaitEstimator(double bracketWidth, long windowMs) {
    this.bracketWidth = bracketWidth;
    this.windowMs = windowMs;
  }

  public long bracket(double skill) {
    return (long) Math.floor(skill / bracketWidth);
  }

  /** A ticket of this skill was matched at {@code now}. */
  public void matched(double skill, long now) {
    matchedAt.computeIfAbsent(bracket(skill), b -> new ArrayDeque<>()).addLast(now);
    allMatchedAt.addLast(now);
  }

  /** Forgets matches older than the window; call once per estimate pass. */
  public void prune(long now) {
    long cutoff = now - windowMs;
    matchedAt.values().forEach(q -> dropBefore(q, cutoff));
    matchedAt.values().removeIf(ArrayDeque::isEmpty);
    dropBefore(allMatchedAt, cutoff);
  }

  private static void dropBefore(ArrayDeque<Long> q, long cutoff) {
    while (!q.isEmpty() && q.peekFirst() < cutoff) {
      q.pollFirst();
    }
  }

  /**
   * Milliseconds still to wait for a ticket with {@code aheadInBracket} older tickets in its bracket
   * and {@code aheadInQueue} in the queue, or -1 when no match was made recently.
   */
  public long estimateMs(double skill, int aheadInBracket, int aheadInQueue) {
    ArrayDeque<Long> bracket = matchedAt.get(bracket(skill));
    if (bracket != null && !bracket.isEmpty()) {
      return Math.round((aheadInBracket + 1.0) * windowMs / bracket.size());
    }
    if (!allMatchedAt.isEmpty()) {
      return Math.round((aheadInQueue + 1.0) * windowMs / allMatchedAt.size());
    }
    return -1;
  }
}
