package io.openlobby.loadgen.behaviour;

import java.util.Deque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lobby fan-out: a host or joiner registers each acknowledged room change (the time of its ack);
 * each subscriber that then gets a {@code lobby.update} naming that room records the time since the
 * ack ({@code lobby.fanout}, once per subscriber and change). Updates are coalesced states, so one
 * update delivers every change of that room the subscriber had not yet had. Per change, the slowest
 * subscriber's time is recorded ({@code lobby.fanout.last}) once every subscriber had it, or at the
 * end (then it is also counted in {@code changesNotSeenByAll}). Only changes made in this process are
 * matched; updates naming other rooms are counted as {@code unmatchedUpdates}.
 */
final class FanOut {
  private final Recorders rec;
  private final AtomicLong ids = new AtomicLong();
  private final Map<String, Deque<Change>> open = new ConcurrentHashMap<>();
  /** Updates that matched no open change, per room: maybe the next change's, come before its ack. */
  private final Map<String, Queue<Early>> early = new ConcurrentHashMap<>();
  static final long EARLY_KEEP_NANOS = TimeUnit.SECONDS.toNanos(15);
  static final int EARLY_MAX_PER_ROOM = 10_000;

  private record Early(Map<String, Long> seen, long nanos) {}

  private static final class Change {
    final long id;
    final long sentNanos;
    final long ackNanos;
    final int expected;
    final AtomicInteger got = new AtomicInteger();
    final AtomicLong maxNanos = new AtomicLong();
    final AtomicInteger done = new AtomicInteger();

    Change(long id, long sentNanos, long ackNanos, int expected) {
      this.id = id;
      this.sentNanos = sentNanos;
      this.ackNanos = ackNanos;
      this.expected = expected;
    }
  }

  FanOut(Recorders rec) {
    this.rec = rec;
  }

  /**
   * A change of {@code roomId}, requested at {@code sentNanos} and acknowledged at {@code ackNanos},
   * expected at {@code subscribers} subscribers.
   */
  void changed(String roomId, long sentNanos, long ackNanos, int subscribers) {
    rec.count("lobby.changes");
    Change c = new Change(ids.incrementAndGet(), sentNanos, ackNanos, subscribers);
    Queue<Early> before = early.remove(roomId);
    if (before != null) {
      for (Early e : before) {
        if (e.nanos() >= sentNanos && e.seen().getOrDefault(roomId, 0L) < c.id) {
          e.seen().put(roomId, c.id);
          rec.record("lobby.fanout", 0);
          rec.record("lobby.fanout.fromRequest", e.nanos() - sentNanos);
          rec.count("lobby.deliveries");
          rec.count("lobby.deliveredBeforeAck");
          c.got.incrementAndGet();
        }
      }
    }
    if (c.got.get() >= c.expected) {
      finish(c);
    } else {
      open.computeIfAbsent(roomId, k -> new ConcurrentLinkedDeque<>()).add(c);
    }
  }

  /** Subscriber {@code seen} (its roomId -> last change id had) got an update naming {@code roomId}. */
  void delivered(Map<String, Long> seen, String roomId, long nowNanos) {
    Deque<Change> changes = open.get(roomId);
    long last = seen.getOrDefault(roomId, 0L);
    long newest = last;
    if (changes != null) {
      for (Change c : changes) {
        if (c.id <= last) {
          continue;
        }
        newest = Math.max(newest, c.id);
        long latency = Math.max(0, nowNanos - c.ackNanos);
        rec.record("lobby.fanout", latency);
        rec.record("lobby.fanout.fromRequest", Math.max(0, nowNanos - c.sentNanos));
        rec.count("lobby.deliveries");
        c.maxNanos.accumulateAndGet(latency, Math::max);
        if (c.got.incrementAndGet() >= c.expected) {
          changes.remove(c);
          finish(c);
        }
      }
    }
    if (newest > last) {
      seen.put(roomId, newest);
    } else {
      rec.count(last == 0 ? "lobby.unmatchedUpdates" : "lobby.repeatedUpdates");
      Queue<Early> q = early.computeIfAbsent(roomId, k -> new ConcurrentLinkedQueue<>());
      q.add(new Early(seen, nowNanos));
      for (Early head; (head = q.peek()) != null
          && (nowNanos - head.nanos() > EARLY_KEEP_NANOS || q.size() > EARLY_MAX_PER_ROOM); ) {
        q.poll();
      }
    }
  }

  /** Once a second: forgets early updates older than {@link #EARLY_KEEP_NANOS} (rooms of other processes). */
  void purge(long nowNanos) {
    early.forEach((room, q) -> {
      for (Early head; (head = q.peek()) != null && nowNanos - head.nanos() > EARLY_KEEP_NANOS; ) {
        q.poll();
      }
      if (q.isEmpty()) {
        early.remove(room, q);
      }
    });
  }

  /** The end: every open change is finished. */
  void finishAll() {
    early.clear();
    open.values().forEach(changes -> {
      for (Change c; (c = changes.poll()) != null; ) {
        finish(c);
      }
    });
  }

  private void finish(Change c) {
    if (c.done.getAndIncrement() != 0) {
      return;
    }
    rec.add("lobby.expectedDeliveries", c.expected);
    if (c.got.get() > 0) {
      rec.record("lobby.fanout.last", c.maxNanos.get());
    }
    if (c.got.get() < c.expected) {
      rec.count("lobby.changesNotSeenByAll");
    }
  }
}
