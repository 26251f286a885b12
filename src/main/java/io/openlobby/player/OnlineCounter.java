package io.openlobby.player;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.PNCounter;
import org.apache.pekko.cluster.ddata.PNCounterKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * {@code playersOnline}: a Distributed Data PN-counter, cheap and eventually consistent, never a
 * global lock. Player entities add and subtract locally; this node folds their changes into one
 * replicator update per second, so a connect storm is one update, not one per player.
 */
public final class OnlineCounter implements Extension {
  private static final Key<PNCounter> KEY = PNCounterKey.create("players-online");
  private static final Duration FLUSH = Duration.ofSeconds(1);

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final AtomicLong unflushed = new AtomicLong();

  private OnlineCounter(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
    system.scheduler().scheduleAtFixedRate(FLUSH, FLUSH, this::flush, system.executionContext());
  }

  void add(long delta) {
    unflushed.addAndGet(delta);
  }

  private void flush() {
    long delta = unflushed.getAndSet(0);
    if (delta != 0) {
      replicator.tell(
          new Replicator.Update<>(
              KEY,
              PNCounter.empty(),
              Replicator.writeLocal(),
              system.ignoreRef(),
              c -> delta > 0 ? c.increment(self, delta) : c.decrement(self, -delta)));
    }
  }

  /** The cluster-wide count as this node knows it now (0 before anything was counted). */
  public CompletionStage<Long> current(Duration timeout) {
    CompletionStage<Replicator.GetResponse<PNCounter>> reply =
        AskPattern.ask(
            replicator,
            (ActorRef<Replicator.GetResponse<PNCounter>> r) ->
                new Replicator.Get<>(KEY, Replicator.readLocal(), r),
            timeout,
            system.scheduler());
    return reply.thenApply(
        r -> {
          if (r instanceof Replicator.GetSuccess<PNCounter> ok) {
            BigInteger v = ok.get(KEY).getValue();
            return Math.max(0L, v.longValue());
          }
          return 0L;
        });
  }

  public static OnlineCounter get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<OnlineCounter> {
    static final Id INSTANCE = new Id();

    @Override
    public OnlineCounter createExtension(ActorSystem<?> system) {
      return new OnlineCounter(system);
    }
  }
}
