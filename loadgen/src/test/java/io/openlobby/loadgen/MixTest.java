package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openlobby.loadgen.behaviour.Mix;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shard arithmetic of the behaviour scenarios. */
class MixTest {

  @Test
  void theShardsTogetherFollowTheWeightsAndCoverEveryPlayerOnce() {
    Mix mix = new Mix(Map.of("presence", 0.5, "lobby", 0.3, "matchmaking", 0.2));
    int players = 10_000;
    Map<String, Integer> whole = mix.counts(players, 1, 1);
    assertEquals(players, whole.values().stream().mapToInt(Integer::intValue).sum());
    assertEquals(5_000, whole.get("presence"), 10);
    assertEquals(3_000, whole.get("lobby"), 10);
    assertEquals(2_000, whole.get("matchmaking"), 10);
    for (int shards : new int[] {2, 3, 7}) {
      Map<String, Integer> sum = new HashMap<>();
      for (int s = 1; s <= shards; s++) {
        Map<String, Integer> part = mix.counts(players, s, shards);
        assertEquals(RunConfig.localCount(players, s, shards), part.values().stream().mapToInt(Integer::intValue).sum());
        // every shard follows the weights too
        assertEquals(0.3, part.get("lobby") / (double) RunConfig.localCount(players, s, shards), 0.01);
        part.forEach((k, v) -> sum.merge(k, v, Integer::sum));
      }
      assertEquals(whole, sum, shards + " shards");
    }
  }

  @Test
  void aBehaviourIsAFunctionOfTheGlobalIndexAlone() {
    Mix a = new Mix(Map.of("lobby", 1.0, "matchmaking", 1.0));
    Mix b = new Mix(Map.of("matchmaking", 2.0, "lobby", 2.0));
    for (int i = 0; i < 1_000; i++) {
      assertEquals(a.behaviourOf(i), b.behaviourOf(i));
    }
    Mix only = new Mix(Map.of("lobby", 1.0));
    assertEquals(Map.of("lobby", 5), only.counts(9, 1, 2));
  }

  @Test
  void partiesArePairsWithinOneProcess() {
    assertEquals(0, Mix.parties(10, 0));
    assertEquals(1, Mix.parties(10, 0.2));
    assertEquals(5, Mix.parties(10, 1.0));
    assertEquals(2, Mix.parties(5, 1.0), "an odd player stays solo");
    assertEquals(0, Mix.parties(1, 1.0));
    assertTrue(Mix.parties(1_000, 0.2) * 2 <= 1_000);
  }
}
