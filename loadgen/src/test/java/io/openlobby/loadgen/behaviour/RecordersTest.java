package io.openlobby.loadgen.behaviour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecordersTest {

  @Test
  void everythingCountsWithoutAWarmup() {
    Recorders rec = new Recorders();
    rec.record("ticket.post", TimeUnit.MILLISECONDS.toNanos(5));
    rec.intervalP99s();
    rec.record("ticket.post", TimeUnit.MILLISECONDS.toNanos(7));
    assertEquals(2, rec.totals().get("ticket.post").getTotalCount());
  }

  @Test
  void latenciesDrainedDuringTheWarmupAreLeftOut() {
    Recorders rec = new Recorders();
    rec.keepFrom(System.nanoTime() + TimeUnit.HOURS.toNanos(1));
    rec.record("ticket.post", TimeUnit.SECONDS.toNanos(4)); // a cold first request
    rec.intervalP99s(); // the once-a-second drain, still warming up
    assertEquals(0, rec.totals().get("ticket.post").getTotalCount());

    rec.keepFrom(System.nanoTime());
    rec.record("ticket.post", TimeUnit.MILLISECONDS.toNanos(3));
    rec.intervalP99s();
    rec.record("ticket.post", TimeUnit.MILLISECONDS.toNanos(2));
    var total = rec.totals().get("ticket.post");
    assertEquals(2, total.getTotalCount());
    assertEquals(3_000, total.getMaxValue(), 10); // microseconds: the 4 s request is not there
  }
}
