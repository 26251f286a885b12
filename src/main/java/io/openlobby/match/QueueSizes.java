package io.openlobby.match;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The waiting players of every queue, for {@code GET /v1/stats}: a Distributed Data map from queue
 * entity id to count, where each queue writes only its own entry (at most once per status interval)
 * and readers read the local replica. Eventually consistent, never a global lock.
 */
public final class QueueSizes implements Extension {
  private static final Key<LWWMap<String, Integer>> KEY = LWWMapKey.create("queue-sizes");

  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;

  private QueueSizes(ActorSystem<?> system) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
  }

  void set(QueueKey queue, int waitingPlayers) {
    replicator.tell(
        new Replicator.Update<>(
            KEY,
            LWWMap.create(),
            Replicator.writeLocal(),
            system.ignoreRef(),
            m -> m.put(self, queue.entityId(), waitingPlayers)));
  }

  /** Waiting players per queue, sorted by queue, as this node knows them now. */
  public CompletionStage<Map<QueueKey, Integer>> current(Duration timeout) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, Integer>>> reply =
        AskPattern.ask(
            replicator,
            (ActorRef<Replicator.GetResponse<LWWMap<String, Integer>>> r) ->
                new Replicator.Get<>(KEY, Replicator.readLocal(), r),
            timeout,
            system.scheduler());
    return reply.thenApply(
        r -> {
          Map<QueueKey, Integer> sizes = new TreeMap<>(
              java.util.Comparator.comparing(QueueKey::mode).thenComparing(QueueKey::region));
          if (r instanceof Replicator.GetSuccess<LWWMap<String, Integer>> ok) {
            ok.get(KEY).getEntries().forEach((id, n) -> sizes.put(QueueKey.of(id), n));
          }
          return sizes;
        });
  }

  public static QueueSizes get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<QueueSizes> {
    static final Id INSTANCE = new Id();

    @Override
    public QueueSizes createExtension(ActorSystem<?> system) {
      return new QueueSizes(system);
    }
  }
}
