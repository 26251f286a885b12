package io.openlobby.loadgen.behaviour;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
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
  private final Map<String, EarlyUpdates> early = new ConcurrentHashMap<>();
  static final long EARLY_KEEP_NANOS = TimeUnit.SECONDS.toNanos(15);
  static final int EARLY_MAX_PER_ROOM = 10_000;

  private record Early(Map<String, Long> seen, long nanos) {}

  /**
   * One room's early updates, oldest first. Its own lock and an array deque: this runs on the io
   * threads for every lobby update, and a ConcurrentLinkedQueue's size() walks the whole queue (up
   * to {@link #EARLY_MAX_PER_ROOM}): that walk was 40% of the generator's CPU in a 5,000-subscriber
   * fan-out run and delayed every frame it read (docs/benchmarks-rooms.md).
   */
  private static final class EarlyUpdates {
    private final ArrayDeque<Early> q = new ArrayDeque<>();

    /** Adds one and forgets those older than the keep time or beyond the cap. */
    synchronized void add(Early e) {
      q.addLast(e);
      trim(e.nanos());
      while (q.size() > EARLY_MAX_PER_ROOM) {
        q.pollFirst();
      }
    }

    /** Forgets those older than the keep time; true if none are left. */
    synchronized boolean trim(long nowNanos) {
      for (Early head; (head = q.peekFirst()) != null && nowNanos - head.nanos() > EARLY_KEEP_NANOS; ) {
        q.pollFirst();
      }
      return q.isEmpty();
    }

    synchronized List<Early> all() {
      return List.copyOf(q);
    }
  }

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
    EarlyUpdates before = early.remove(roomId);
    if (before != null) {
      for (Early e : before.all()) {
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
      early.computeIfAbsent(roomId, k -> new EarlyUpdates()).add(new Early(seen, nowNanos));
    }
  }

  /** Once a second: forgets early updates older than {@link #EARLY_KEEP_NANOS} (rooms of other processes). */
  void purge(long nowNanos) {
    early.forEach((room, q) -> {
      if (q.trim(nowNanos)) {
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
