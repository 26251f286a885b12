package io.openlobby.directory;

import io.openlobby.CborSerializable;
import io.openlobby.HotActors;
import io.openlobby.TimerWheel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * The lobby of one mode (sharded by mode): the summaries of its public, not closed rooms, ordered
 * for stable paging. Rooms tell it about every change; once per batching interval it publishes one
 * coalesced {@link LobbyDiff} to the mode's Topic, which delivers one copy per node. Soft state: after
 * a full restart the rooms, restarted by Cluster Sharding's remembered entities and recovered from
 * Cassandra, tell it again; when Cluster Sharding moves it (rebalance, rolling restart) it hands its
 * rooms and diff version to its new incarnation, so the lobby is not empty until rooms change.
 */
public final class LobbyIndex extends AbstractBehavior<LobbyIndex.Command> {
  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "LobbyIndex");

  public sealed interface Command extends CborSerializable {}

  public record Upsert(RoomSummary room) implements Command {}

  public record Remove(String roomId) implements Command {}

  /** A page: the rooms after {@code after} (empty: from the start) that match, at most limit. */
  public record Query(
      LobbyFilter filter, Optional<LobbyCursor> after, int limit, ActorRef<Page> replyTo)
      implements Command {}

  /** {@code nextCursor} is empty on the last page; {@code version} is the last diff included. */
  public record Page(List<RoomSummary> rooms, Optional<LobbyCursor> nextCursor, long version)
      implements CborSerializable {}

  private record PublishDue(long generation) implements Command {}

  /** Cluster Sharding is moving this entity: its state goes to the new incarnation. */
  public record HandOff() implements Command {}

  /**
   * What a moved index knew. Sharding keeps it until the new incarnation runs, but room changes sent
   * meanwhile may come first: those win over the restored state.
   */
  public record Restore(List<RoomSummary> rooms, List<String> removed, long version) implements Command {}

  public static String topicName(String mode) {
    return "lobby-" + mode;
  }

  public static void init(ActorSystem<?> system, Duration batchInterval) {
    // Never passivated: its state is soft and rooms only tell it about changes.
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY,
                    ctx ->
                        create(
                            ctx.getEntityId(),
                            batchInterval,
                            restore ->
                                ClusterSharding.get(system)
                                    .entityRefFor(ENTITY_KEY, ctx.getEntityId())
                                    .tell(restore)))
                .withStopMessage(new HandOff())
                .withEntityProps(HotActors.DISPATCHER)
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  /** {@code successor}: where a hand-off sends the state (the entity's own sharded ref). */
  public static Behavior<Command> create(String mode, Duration batchInterval, Consumer<Restore> successor) {
    return Behaviors.setup(ctx -> new LobbyIndex(ctx, mode, batchInterval, successor));
  }

  private final String mode;
  private final Duration batchInterval;
  private final ActorRef<Topic.Command<LobbyDiff>> topic;
  // Mutable on purpose, owned by this actor alone: a popular mode holds many thousands of rooms.
  private final TreeMap<LobbyCursor, RoomSummary> rooms = new TreeMap<>(LobbyCursor.ORDER);
  private final Map<String, LobbyCursor> keys = new HashMap<>();
  private final Map<String, RoomSummary> pendingUpserts = new LinkedHashMap<>();
  private final Set<String> pendingRemoved = new LinkedHashSet<>();
  // Rooms changed since this incarnation started: a Restore must not overwrite them.
  private Set<String> changedSinceStart = new HashSet<>();
  private final long startedAt = System.currentTimeMillis();
  private static final long RESTORE_WINDOW_MS = 60_000;
  private long version;
  private long generation;
  private boolean publishScheduled;

  private final Consumer<Restore> successor;

  private LobbyIndex(ActorContext<Command> ctx, String mode, Duration batchInterval, Consumer<Restore> successor) {
    super(ctx);
    this.successor = successor;
    this.mode = mode;
    this.batchInterval = batchInterval;
    this.topic = ctx.spawn(Topic.create(LobbyDiff.class, topicName(mode)), "topic");
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Upsert.class, this::onUpsert)
        .onMessage(Remove.class, this::onRemove)
        .onMessage(Query.class, this::onQuery)
        .onMessage(PublishDue.class, this::onPublishDue)
        .onMessage(HandOff.class, this::onHandOff)
        .onMessage(Restore.class, this::onRestore)
        .build();
  }

  private Behavior<Command> onUpsert(Upsert m) {
    RoomSummary room = m.room();
    noteChanged(room.roomId());
    LobbyCursor key = LobbyCursor.of(room);
    LobbyCursor old = keys.put(room.roomId(), key);
    if (old != null && !old.equals(key)) {
      rooms.remove(old);
    }
    rooms.put(key, room);
    pendingRemoved.remove(room.roomId());
    pendingUpserts.put(room.roomId(), room);
    schedulePublish();
    return this;
  }

  private Behavior<Command> onRemove(Remove m) {
    noteChanged(m.roomId());
    LobbyCursor key = keys.remove(m.roomId());
    if (key != null) {
      rooms.remove(key);
      pendingUpserts.remove(m.roomId());
      pendingRemoved.add(m.roomId());
      schedulePublish();
    }
    return this;
  }

  private Behavior<Command> onQuery(Query q) {
    Map<LobbyCursor, RoomSummary> tail =
        q.after().isPresent() ? rooms.tailMap(q.after().get(), false) : rooms;
    List<RoomSummary> page = new ArrayList<>(Math.min(q.limit(), 64));
    Optional<LobbyCursor> next = Optional.empty();
    for (RoomSummary room : tail.values()) {
      if (!q.filter().matches(room)) {
        continue;
      }
      if (page.size() == q.limit()) {
        next = Optional.of(LobbyCursor.of(page.get(page.size() - 1)));
        break;
      }
      page.add(room);
    }
    // The page already holds changes not yet published; the next diff repeats them (idempotent).
    q.replyTo().tell(new Page(List.copyOf(page), next, version));
    return this;
  }

  /** Tracked only while a Restore can still come (a hand-off takes moments, not minutes). */
  private void noteChanged(String roomId) {
    if (changedSinceStart != null) {
      if (System.currentTimeMillis() - startedAt > RESTORE_WINDOW_MS) {
        changedSinceStart = null;
      } else {
        changedSinceStart.add(roomId);
      }
    }
  }

  private Behavior<Command> onHandOff(HandOff m) {
    if (!rooms.isEmpty() || version > 0) {
      // Sent through the shard region, which holds it until the new incarnation runs.
      successor.accept(new Restore(List.copyOf(rooms.values()), List.copyOf(pendingRemoved), version));
    }
    return Behaviors.stopped();
  }

  /**
   * Takes the moved index's rooms (except those changed here since) and continues its diff
   * versions, so subscribers see no gap; the restored rooms go out in the next diff.
   */
  private Behavior<Command> onRestore(Restore m) {
    Set<String> changed = changedSinceStart == null ? Set.of() : changedSinceStart;
    for (String roomId : m.removed()) {
      if (!changed.contains(roomId)) {
        pendingRemoved.add(roomId); // removed before the move, not yet published
      }
    }
    for (RoomSummary room : m.rooms()) {
      if (!changed.contains(room.roomId())) {
        LobbyCursor key = LobbyCursor.of(room);
        keys.put(room.roomId(), key);
        rooms.put(key, room);
        pendingUpserts.put(room.roomId(), room);
      }
    }
    version = Math.max(version, m.version()); // the next diff is the old incarnation's next one
    changedSinceStart = null; // only the first Restore counts
    schedulePublish();
    return this;
  }

  private boolean hasPending() {
    return !pendingUpserts.isEmpty() || !pendingRemoved.isEmpty();
  }

  private void schedulePublish() {
    if (!publishScheduled) {
      publishScheduled = true;
      TimerWheel.get(getContext().getSystem())
          .schedule(batchInterval, getContext().getSelf(), new PublishDue(++generation));
    }
  }

  private Behavior<Command> onPublishDue(PublishDue m) {
    if (m.generation() != generation) {
      return this;
    }
    publishScheduled = false;
    if (hasPending()) {
      version++;
      topic.tell(
          Topic.publish(
              new LobbyDiff(
                  mode, version, List.copyOf(pendingUpserts.values()), List.copyOf(pendingRemoved))));
      pendingUpserts.clear();
      pendingRemoved.clear();
    }
    return this;
  }
}
