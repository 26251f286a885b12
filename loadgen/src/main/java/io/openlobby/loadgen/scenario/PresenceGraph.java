package io.openlobby.loadgen.scenario;

import java.util.Arrays;
import java.util.Random;

/**
 * Who watches whom: each of {@code players} players is watched by {@code min(w, players - 1)}
 * distinct others, drawn with {@link java.util.Random} seeded with {@code seed} (the same graph in
 * every process and on every JDK). Nobody watches itself.
 */
public final class PresenceGraph {
  private final int[][] watchers;
  private final int[][] watching;

  private PresenceGraph(int[][] watchers, int[][] watching) {
    this.watchers = watchers;
    this.watching = watching;
  }

  public static PresenceGraph generate(int players, int w, long seed) {
    int per = Math.max(0, Math.min(w, players - 1));
    Random random = new Random(seed);
    int[][] watchers = new int[players][];
    int[] watchingCount = new int[players];
    boolean[] taken = new boolean[players];
    for (int j = 0; j < players; j++) {
      int[] chosen = new int[per];
      taken[j] = true;
      for (int n = 0; n < per; ) {
        int c = random.nextInt(players);
        if (!taken[c]) {
          taken[c] = true;
          chosen[n++] = c;
          watchingCount[c]++;
        }
      }
      taken[j] = false;
      for (int c : chosen) {
        taken[c] = false;
      }
      Arrays.sort(chosen);
      watchers[j] = chosen;
    }
    int[][] watching = new int[players][];
    for (int i = 0; i < players; i++) {
      watching[i] = new int[watchingCount[i]];
    }
    int[] fill = new int[players];
    for (int j = 0; j < players; j++) {
      for (int i : watchers[j]) {
        watching[i][fill[i]++] = j;
      }
    }
    return new PresenceGraph(watchers, watching);
  }

  public int players() {
    return watchers.length;
  }

  /** The players who watch player {@code j} (sorted). */
  public int[] watchers(int j) {
    return watchers[j];
  }

  /** The players that player {@code i} watches (sorted). */
  public int[] watching(int i) {
    return watching[i];
  }
}
