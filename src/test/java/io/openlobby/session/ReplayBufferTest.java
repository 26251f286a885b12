package io.openlobby.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
  @Test
  void replaysExactlyTheFramesAfterLastSeq() {
    ReplayBuffer buffer = new ReplayBuffer(3);
    for (long seq = 1; seq <= 5; seq++) {
      buffer.add(seq, "f" + seq);
    }
    assertEquals(List.of("f4", "f5"), buffer.after(3, 5).orElseThrow());
    assertEquals(List.of("f3", "f4", "f5"), buffer.after(2, 5).orElseThrow());
    assertEquals(List.of(), buffer.after(5, 5).orElseThrow());
    assertTrue(buffer.after(1, 5).isEmpty(), "frame 2 is gone: a resume would skip it");
    assertTrue(buffer.after(6, 5).isEmpty(), "the client cannot have seen frames not yet sent");
    assertTrue(buffer.after(-1, 5).isEmpty());
    assertEquals(3, buffer.firstSeq());
  }

  @Test
  void anEmptyBufferReplaysNothingButOnlyWhenNothingIsMissing() {
    ReplayBuffer buffer = new ReplayBuffer(3);
    assertEquals(List.of(), buffer.after(0, 0).orElseThrow());
    assertTrue(buffer.after(0, 1).isEmpty());
  }

  @Test
  void aRestoredBufferContinuesTheNumbering() {
    ReplayBuffer old = new ReplayBuffer(4);
    for (long seq = 1; seq <= 6; seq++) {
      old.add(seq, "f" + seq);
    }
    ReplayBuffer fresh = new ReplayBuffer(4);
    fresh.restore(old.firstSeq(), old.held());
    fresh.add(7, "f7");
    assertEquals(List.of("f5", "f6", "f7"), fresh.after(4, 7).orElseThrow());
  }
}
