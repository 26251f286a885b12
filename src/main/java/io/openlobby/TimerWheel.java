package io.openlobby;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * One timer for the whole node, for the per-player and per-session deadlines (heartbeats, grace
 * periods, presence coalescing): a deadline costs one small entry here instead of a scheduled task or
 * a timer scheduler per actor. A message is delivered at its deadline or up to one {@link #TICK}
 * after, never before. Entries cannot be cancelled: receivers ignore stale ones (each message
 * carries whatever generation number its receiver needs).
 *
 * <p>Callers only append to a lock-free queue; one tick at a time moves those entries into a heap
 * ordered by deadline and delivers the due ones.
 */
public final class TimerWheel implements Extension {
  public static final Duration TICK = Duration.ofMillis(20);

  private record Entry(long due, ActorRef<Object> target, Object message) {}

  private final ConcurrentLinkedQueue<Entry> incoming = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Entry> byDeadline =
      new PriorityQueue<>((a, b) -> Long.compare(a.due(), b.due()));
  private final AtomicBoolean ticking = new AtomicBoolean();

  private TimerWheel(ActorSystem<?> system) {
    system.scheduler().scheduleAtFixedRate(TICK, TICK, this::advance, system.executionContext());
  }

  /** Tells {@code message} to {@code target} once {@code delay} has passed. */
  @SuppressWarnings("unchecked")
  public <T> void schedule(Duration delay, ActorRef<T> target, T message) {
    incoming.add(
        new Entry(
            System.currentTimeMillis() + delay.toMillis(),
            (ActorRef<Object>) (ActorRef<?>) target,
            message));
  }

  private void advance() {
    if (!ticking.compareAndSet(false, true)) {
      return; // the previous tick is still delivering
    }
    try {
      Entry e;
      while ((e = incoming.poll()) != null) {
        byDeadline.add(e);
      }
      long now = System.currentTimeMillis();
      while ((e = byDeadline.peek()) != null && e.due() <= now) {
        byDeadline.poll();
        e.target().tell(e.message());
      }
    } finally {
      ticking.set(false);
    }
  }

  public static TimerWheel get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<TimerWheel> {
    static final Id INSTANCE = new Id();

    @Override
    public TimerWheel createExtension(ActorSystem<?> system) {
      return new TimerWheel(system);
    }
  }
}
