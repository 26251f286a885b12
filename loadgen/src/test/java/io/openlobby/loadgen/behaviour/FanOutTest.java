package io.openlobby.loadgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The fan-out bookkeeping, with made-up times (nanoseconds). */
class FanOutTest {
  static final long MS = 1_000_000L;
  final Recorders rec = new Recorders();
  final FanOut fanOut = new FanOut(rec);
  final Map<String, Long> a = new ConcurrentHashMap<>();
  final Map<String, Long> b = new ConcurrentHashMap<>();

  private Histogram h(String name) {
    return rec.totals().getOrDefault(name, new Histogram(3));
  }

  @Test
  void eachSubscriberCountsOncePerChangeAndTheSlowestIsKeptPerChange() {
    fanOut.changed("r1", 0, 10 * MS, 2);
    fanOut.delivered(a, "r1", 30 * MS);
    fanOut.delivered(a, "r1", 35 * MS); // the same state again
    fanOut.delivered(b, "r1", 60 * MS);
    assertEquals(2, h("lobby.fanout").getTotalCount());
    assertEquals(1, h("lobby.fanout.last").getTotalCount());
    assertEquals(50_000, h("lobby.fanout.last").getMaxValue(), 50);
    assertEquals(1, rec.get("lobby.repeatedUpdates"));
    fanOut.finishAll();
    assertEquals(0, rec.get("lobby.changesNotSeenByAll"));
    assertEquals(2, rec.get("lobby.expectedDeliveries"));
  }

  @Test
  void oneCoalescedUpdateDeliversEveryChangeNotYetHad() {
    fanOut.changed("r1", 0, 10 * MS, 1);
    fanOut.changed("r1", 15 * MS, 20 * MS, 1);
    fanOut.delivered(a, "r1", 100 * MS);
    assertEquals(2, rec.get("lobby.deliveries"));
    assertEquals(2, h("lobby.fanout.last").getTotalCount());
    assertEquals(90_000, h("lobby.fanout").getMaxValue(), 100);
    assertEquals(80_000, h("lobby.fanout").getMinValue(), 100);
  }

  @Test
  void anUpdateThatBeatsTheAckCountsAsDeliveredAtTheAck() {
    fanOut.delivered(a, "r2", 12 * MS); // r2 is not known yet: its create is still unanswered
    fanOut.delivered(b, "r9", 13 * MS); // another process's room
    fanOut.changed("r2", 10 * MS, 40 * MS, 2);
    fanOut.delivered(a, "r2", 150 * MS); // a had it already
    fanOut.delivered(b, "r2", 150 * MS);
    assertEquals(1, rec.get("lobby.deliveredBeforeAck"));
    assertEquals(2, rec.get("lobby.deliveries"));
    assertEquals(1, rec.get("lobby.repeatedUpdates"));
    assertEquals(110_000, h("lobby.fanout.last").getMaxValue(), 100);
    fanOut.finishAll();
    assertEquals(0, rec.get("lobby.changesNotSeenByAll"));
  }

  @Test
  void anUpdateFromBeforeTheRequestIsNotTheChange() {
    fanOut.delivered(a, "r3", 5 * MS);
    fanOut.changed("r3", 10 * MS, 20 * MS, 1);
    fanOut.finishAll();
    assertEquals(0, rec.get("lobby.deliveries"));
    assertEquals(1, rec.get("lobby.changesNotSeenByAll"));
  }
}
