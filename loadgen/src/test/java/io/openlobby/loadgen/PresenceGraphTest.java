package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openlobby.loadgen.scenario.PresenceGraph;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PresenceGraphTest {

  @Test
  void everyPlayerIsWatchedByWDistinctOthers() {
    PresenceGraph g = PresenceGraph.generate(1_000, 20, 42);
    long watches = 0;
    for (int j = 0; j < 1_000; j++) {
      int[] w = g.watchers(j);
      assertEquals(20, w.length);
      Set<Integer> distinct = new HashSet<>();
      for (int i : w) {
        assertTrue(i >= 0 && i < 1_000);
        assertTrue(i != j, "nobody watches itself");
        distinct.add(i);
      }
      assertEquals(20, distinct.size());
    }
    // watching is the inverse of watchers
    for (int i = 0; i < 1_000; i++) {
      for (int j : g.watching(i)) {
        assertTrue(contains(g.watchers(j), i));
        assertTrue(i != j);
      }
      watches += g.watching(i).length;
    }
    assertEquals(20_000, watches, "W per player on average");
  }

  @Test
  void deterministicForASeed() {
    PresenceGraph a = PresenceGraph.generate(500, 7, 42);
    PresenceGraph b = PresenceGraph.generate(500, 7, 42);
    PresenceGraph c = PresenceGraph.generate(500, 7, 43);
    boolean differs = false;
    for (int j = 0; j < 500; j++) {
      assertArrayEquals(a.watchers(j), b.watchers(j));
      assertArrayEquals(a.watching(j), b.watching(j));
      differs |= !java.util.Arrays.equals(a.watchers(j), c.watchers(j));
    }
    assertTrue(differs, "another seed gives another graph");
  }

  @Test
  void smallPopulationsWatchEveryoneElse() {
    PresenceGraph g = PresenceGraph.generate(4, 20, 1);
    for (int j = 0; j < 4; j++) {
      assertEquals(3, g.watchers(j).length);
      assertFalse(contains(g.watchers(j), j));
    }
    assertEquals(0, PresenceGraph.generate(1, 20, 1).watchers(0).length);
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }
}
