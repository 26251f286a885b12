package io.openlobby.loadgen.behaviour;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which behaviour each player follows: player {@code i} (global index) takes the behaviour whose
 * share of [0, 1) holds {@code frac(i * golden ratio)}, a low-discrepancy sequence, so every prefix of
 * the players, and every shard's every-n-th slice of them, follows the weights closely; the same in
 * every process.
 */
public final class Mix {
  private static final double GOLDEN = 0.6180339887498949;
  private final List<String> names = new ArrayList<>();
  private final double[] upTo;

  public Mix(Map<String, Double> weights) {
    Map<String, Double> sorted = new TreeMap<>(weights);
    double sum = sorted.values().stream().mapToDouble(Double::doubleValue).sum();
    if (!(sum > 0)) {
      throw new IllegalArgumentException("a mix needs a weight > 0");
    }
    upTo = new double[sorted.size()];
    double acc = 0;
    int k = 0;
    for (Map.Entry<String, Double> e : sorted.entrySet()) {
      acc += e.getValue() / sum;
      names.add(e.getKey());
      upTo[k++] = acc;
    }
    upTo[k - 1] = 1.0;
  }

  public String behaviourOf(int index) {
    double u = (index * GOLDEN) % 1.0;
    for (int k = 0; k < upTo.length; k++) {
      if (u < upTo[k]) {
        return names.get(k);
      }
    }
    return names.get(names.size() - 1);
  }

  /** How many of the players of shard {@code i} of {@code n} follow each behaviour. */
  public Map<String, Integer> counts(int players, int shard, int shards) {
    Map<String, Integer> m = new LinkedHashMap<>();
    names.forEach(b -> m.put(b, 0));
    for (int g = shard - 1; g < players; g += shards) {
      m.merge(behaviourOf(g), 1, Integer::sum);
    }
    return m;
  }

  /**
   * Parties of two among one process's players of a behaviour (sorted local indices): the first
   * {@code round(fraction * count / 2)} consecutive pairs. A party never spans processes.
   */
  public static int parties(int count, double fraction) {
    return (int) Math.min(count / 2, Math.round(fraction * count / 2.0));
  }
}
