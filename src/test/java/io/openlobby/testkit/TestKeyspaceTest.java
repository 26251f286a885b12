package io.openlobby.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestKeyspaceTest {
  private static final long NOW = 1_795_470_000_000L;

  @Test
  void onlyOldTestKeyspacesAreLeftovers() {
    long old = NOW - TestKeyspace.LEFTOVER_AGE.toMillis() - 1;
    long recent = NOW - 60_000;
    assertTrue(TestKeyspace.isLeftover("lobby_test_" + old + "_42", NOW));
    assertFalse(TestKeyspace.isLeftover("lobby_test_" + recent + "_42", NOW), "another run may be using it");
    assertFalse(TestKeyspace.isLeftover("lobby", NOW));
    assertFalse(TestKeyspace.isLeftover("lobby_qb", NOW));
    assertFalse(TestKeyspace.isLeftover("lobby_test_notanumber_1", NOW));
  }
}
