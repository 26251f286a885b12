package io.openlobby.player;

import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.TimerWheel;
import io.openlobby.match.MatchNotice;
import io.openlobby.match.Queue;
import io.openlobby.match.TicketIds;
import io.openlobby.room.Room;
import io.openlobby.room.RoomEventView;
import io.openlobby.session.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * A player: soft state, never persisted (presence must not be capped by the database's write rate).
 * It knows the player's sessions on every device, the chosen presence and the sessions watching it.
 * Sessions re-attach at every heartbeat, so an entity that was stopped or moved rebuilds itself
 * within one heartbeat; sessions and watchers are death-watched, so one that stops is forgotten.
 *
 * <p>Presence changes fan out to watchers with leading-edge coalescing: the first change goes out at
 * once, further changes within the batching interval go out together at its end, so a flapping
 * status sends at most one event per interval.
 */
public final class Player extends AbstractBehavior<Player.Command> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Player");

  public sealed interface Command extends CborSerializable {}

  /**
   * A session of this player says it is alive (at connect and every heartbeat; idempotent). It
   * carries the presence that session last chose, so that a rebuilt entity gets it back.
   */
  public record Attach(
      String sessionId,
      ActorRef<Session.Command> session,
      PresenceStatus chosen,
      String activity,
      Optional<ActorRef<Done>> ackTo,
      String name,
      String ticketId,
      String roomId)
      implements Command {

    /** A session that knows no name, ticket or room (tests). */
    public Attach(
        String sessionId,
        ActorRef<Session.Command> session,
        PresenceStatus chosen,
        String activity,
        Optional<ActorRef<Done>> ackTo) {
      this(sessionId, session, chosen, activity, ackTo, null, null, null);
    }
  }

  /** The session ended for good (after its grace period). */
  public record Detach(String sessionId, ActorRef<Session.Command> session) implements Command {}

  /** Implies {@link Attach}: the session may reach an entity that was just rebuilt. */
  public record SetPresence(
      String sessionId,
      ActorRef<Session.Command> session,
      PresenceStatus status,
      String activity,
      ActorRef<StatusReply<PresenceView>> replyTo)
      implements Command {}

  /** Set by the room and match side. */
  public record SetInGame(boolean inGame) implements Command {}

  /**
   * {@code watcher} wants presence events. It is answered with a {@link Session.WatchResult} for
   * {@code request}: the presence as the watcher sees it, or watchers_limit. A refresh (at a
   * watcher's heartbeat) has request 0 and no answer. No ask: a watch list of a thousand players is
   * a thousand plain messages, not a thousand temporary actors and timeouts.
   */
  public record Watch(ActorRef<Session.Command> watcher, long request) implements Command {}

  public record Unwatch(ActorRef<Session.Command> watcher) implements Command {}

  /** {@code asSelf}: the caller is this player (it sees its own invisible status). */
  public record GetPresence(boolean asSelf, ActorRef<PresenceView> replyTo) implements Command {}

  /** Which actor holds session {@code sessionId} of this player, for a resume on any node. */
  public record FindSession(String sessionId, ActorRef<Optional<ActorRef<Session.Command>>> replyTo)
      implements Command {}

  /** A room event for this player: passed to every session of it (none: the player is away). */
  public record Deliver(RoomEventView event) implements Command {}

  /** A matchmaking notice for this player: passed to every session of it. */
  public record Notify(MatchNotice notice) implements Command {}

  /**
   * A ticket wants this player: answered with the player's display name, or not_connected (no live
   * session) or already_queued (it holds another live ticket). One live ticket per player.
   */
  public record ClaimTicket(String ticketId, ActorRef<StatusReply<String>> replyTo)
      implements Command {}

  /** The ticket ended (matched, cancelled, expired): the player may queue again. */
  public record ReleaseTicket(String ticketId) implements Command {}

  /**
   * Cluster Sharding is moving this entity to another node (rebalance, rolling restart): its
   * sessions and watchers are asked to register again at once, and those messages wait in the shard
   * region for the new incarnation, which so rebuilds itself without waiting for a heartbeat.
   */
  public record HandOff() implements Command {}

  /** Drops this entity's soft state (operations, tests); the next heartbeat rebuilds it. */
  public record Stop() implements Command {}

  private record RefGone(ActorRef<Session.Command> ref) implements Command {}

  private record PublishDue(long generation) implements Command {}

  /** Tells {@code message} to the Player entity of each of {@code playerIds}. */
  public static void tellEach(ClusterSharding sharding, Collection<String> playerIds, Command message) {
    for (String id : playerIds) {
      sharding.entityRefFor(ENTITY_KEY, id).tell(message);
    }
  }

  public static void init(ActorSystem<?> system, Settings settings) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    ENTITY_KEY,
                    ctx ->
                        create(
                            ctx.getEntityId(),
                            settings.presence(),
                            Clock.systemUTC(),
                            Optional.of(ctx.getShard())))
                .withStopMessage(new HandOff()));
  }

  /** {@code shard}: where to ask for passivation; empty when not sharded (tests). */
  public static Behavior<Command> create(
      String playerId,
      Settings.Presence settings,
      Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return Behaviors.setup(ctx -> new Player(ctx, playerId, settings, clock, shard));
  }

  private final Settings.Presence settings;
  private final Clock clock;
  private final TimerWheel wheel;
  private final OnlineCounter online;
  private PresenceState presence;
  // The registries are mutable on purpose: a famous player has thousands of watchers, and copying
  // an immutable set on every watch would make adding N watchers cost O(N^2). Only this actor
  // touches them.
  private final Map<String, ActorRef<Session.Command>> sessions = new HashMap<>(4);
  private Set<ActorRef<Session.Command>> watchers = Set.of();
  private PresenceView lastPublished;
  private long lastPublishedAt = Long.MIN_VALUE / 2;
  private long publishGeneration;
  private boolean publishPending;

  private final Optional<ActorRef<ClusterSharding.ShardCommand>> shard;
  private final Optional<ClusterSharding> sharding;
  private String name;
  // The player's live ticket: the single holder of "one live ticket per player". Soft like the rest:
  // sessions carry it in their Attach (they hear every match.status), so a rebuilt entity has it
  // back within a heartbeat.
  private String ticketId;
  // The room a session last said the player is in; told when the player goes away for good (an open
  // room lets it go, a game marks it away) and when it is online again (a game takes it back). A
  // stale hint is harmless: the room ignores non-members.
  private String roomHint;

  private Player(
      ActorContext<Command> ctx,
      String playerId,
      Settings.Presence settings,
      Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    super(ctx);
    this.shard = shard;
    this.sharding = shard.map(s -> ClusterSharding.get(ctx.getSystem()));
    this.settings = settings;
    this.clock = clock;
    this.wheel = TimerWheel.get(ctx.getSystem());
    this.online = OnlineCounter.get(ctx.getSystem());
    this.presence = PresenceState.offline(playerId, 0); // 0: not seen since this entity started
    this.lastPublished = presence.visible();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attach.class, this::onAttach)
        .onMessage(Detach.class, m -> removeSession(m.sessionId(), m.session()))
        .onMessage(SetPresence.class, this::onSetPresence)
        .onMessage(SetInGame.class, m -> changed(presence.inGame(m.inGame())).leaveIfIdle())
        .onMessage(Watch.class, this::onWatch)
        .onMessage(Unwatch.class, this::onUnwatch)
        .onMessage(GetPresence.class, this::onGetPresence)
        .onMessage(FindSession.class, this::onFindSession)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(Notify.class, this::onNotify)
        .onMessage(ClaimTicket.class, this::onClaimTicket)
        .onMessage(ReleaseTicket.class, this::onReleaseTicket)
        .onMessage(RefGone.class, this::onRefGone)
        .onMessage(PublishDue.class, this::onPublishDue)
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .onMessage(HandOff.class, this::onHandOff)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onAttach(Attach m) {
    if (m.name() != null) {
      name = m.name();
    }
    if (ticketId == null && m.ticketId() != null) {
      ticketId = m.ticketId();
    }
    if (m.roomId() != null) {
      roomHint = m.roomId();
    }
    if (!presence.connected() && roomHint != null) {
      // Online again (or this entity was rebuilt): a game that marked the player away takes it back.
      tellRoom(new Room.MemberBack(presence.playerId(), getContext().getSystem().ignoreRef()));
    }
    attach(m.sessionId(), m.session(), m.chosen(), m.activity());
    m.ackTo().ifPresent(a -> a.tell(Done.getInstance()));
    return this;
  }

  private void attach(
      String sessionId, ActorRef<Session.Command> session, PresenceStatus chosen, String activity) {
    ActorRef<Session.Command> previous = sessions.put(sessionId, session);
    if (previous == null || !previous.equals(session)) {
      watch(session);
      if (previous != null) {
        unwatchIfUnused(previous); // a resumed session moved to a new actor
      }
    }
    if (!presence.connected()) {
      online.add(1);
      long now = clock.millis();
      changed(presence.connectedAt(now).chose(chosen, activity, now));
    }
  }

  private Behavior<Command> removeSession(String sessionId, ActorRef<Session.Command> ref) {
    if (!sessions.remove(sessionId, ref)) {
      // Already gone, or replaced by a resumed session; or this is a fresh entity that a late
      // Detach started after the old one left: it must not stay in memory.
      return leaveIfIdle();
    }
    unwatchIfUnused(ref);
    return sessions.isEmpty() ? goOffline() : this;
  }

  private Behavior<Command> goOffline() {
    if (presence.connected()) {
      online.add(-1);
    }
    String playerId = presence.playerId();
    if (ticketId != null) {
      String ticket = ticketId;
      ticketId = null;
      TicketIds.queueOf(ticket)
          .ifPresent(q -> sharding.ifPresent(sh -> sh.entityRefFor(Queue.ENTITY_KEY, q.entityId())
              .tell(new Queue.MemberLeft(ticket, playerId))));
    }
    if (roomHint != null) { // kept: if this entity stays (watched), a new session brings it back
      tellRoom(new Room.MemberAway(playerId, getContext().getSystem().ignoreRef()));
    }
    changed(presence.disconnectedAt(clock.millis()));
    return leaveIfIdle();
  }

  private void tellRoom(Room.Command message) {
    sharding.ifPresent(sh -> sh.entityRefFor(Room.ENTITY_KEY, roomHint).tell(message));
  }

  /**
   * An offline player nobody watches keeps nothing in memory: the entity asks its shard to stop it
   * (a later message starts a fresh one, which knows the player as offline).
   */
  private Player leaveIfIdle() {
    if (sessions.isEmpty() && watchers.isEmpty()) {
      shard.ifPresent(s -> s.tell(new ClusterSharding.Passivate<>(getContext().getSelf())));
    }
    return this;
  }

  private Behavior<Command> onSetPresence(SetPresence m) {
    attach(m.sessionId(), m.session(), m.status(), m.activity());
    changed(presence.chose(m.status(), m.activity(), clock.millis()));
    m.replyTo().tell(StatusReply.success(presence.own()));
    return this;
  }

  private Behavior<Command> onWatch(Watch m) {
    if (!watchers.contains(m.watcher())) {
      if (watchers.size() >= settings.maxWatchersPerPlayer()) {
        answer(m, null, ErrorCode.WATCHERS_LIMIT);
        return this;
      }
      if (watchers.isEmpty()) {
        watchers = new HashSet<>(4);
      }
      watchers.add(m.watcher());
      watch(m.watcher());
    }
    answer(m, presence.visible(), null);
    return this;
  }

  private void answer(Watch m, PresenceView view, ErrorCode refused) {
    if (m.request() != 0) {
      m.watcher()
          .tell(
              new Session.WatchResult(
                  m.request(), presence.playerId(), view, refused == null ? null : refused.wire()));
    }
  }

  private Behavior<Command> onUnwatch(Unwatch m) {
    if (watchers.contains(m.watcher())) { // Set.of() until the first watcher: no remove on it
      watchers.remove(m.watcher());
      unwatchIfUnused(m.watcher());
    }
    return leaveIfIdle();
  }

  private Behavior<Command> onGetPresence(GetPresence m) {
    m.replyTo().tell(m.asSelf() ? presence.own() : presence.visible());
    return leaveIfIdle();
  }

  private Behavior<Command> onFindSession(FindSession m) {
    m.replyTo().tell(Optional.ofNullable(sessions.get(m.sessionId())));
    return leaveIfIdle();
  }

  private Behavior<Command> onHandOff(HandOff m) {
    Session.RegisterAgain again = new Session.RegisterAgain(presence.playerId());
    sessions.values().forEach(s -> s.tell(again));
    watchers.forEach(w -> w.tell(again));
    return Behaviors.stopped();
  }

  private Behavior<Command> onDeliver(Deliver m) {
    Session.RoomEvent event = new Session.RoomEvent(m.event());
    sessions.values().forEach(s -> s.tell(event));
    return leaveIfIdle();
  }

  private Behavior<Command> onNotify(Notify m) {
    Session.Match notice = new Session.Match(m.notice());
    sessions.values().forEach(s -> s.tell(notice));
    return leaveIfIdle();
  }

  private Behavior<Command> onClaimTicket(ClaimTicket m) {
    if (sessions.isEmpty()) {
      m.replyTo().tell(StatusReply.error(ErrorCode.NOT_CONNECTED.wire()));
      return leaveIfIdle();
    }
    if (ticketId != null && !ticketId.equals(m.ticketId())) {
      m.replyTo().tell(StatusReply.error(ErrorCode.ALREADY_QUEUED.wire()));
      return this;
    }
    ticketId = m.ticketId();
    m.replyTo().tell(StatusReply.success(name != null ? name : presence.playerId()));
    return this;
  }

  private Behavior<Command> onReleaseTicket(ReleaseTicket m) {
    if (m.ticketId().equals(ticketId)) {
      ticketId = null;
    }
    return leaveIfIdle();
  }

  private Behavior<Command> onRefGone(RefGone m) {
    if (watchers.contains(m.ref())) {
      watchers.remove(m.ref());
    }
    String sessionId = null;
    for (Map.Entry<String, ActorRef<Session.Command>> e : sessions.entrySet()) {
      if (e.getValue().equals(m.ref())) {
        sessionId = e.getKey();
      }
    }
    if (sessionId != null) {
      sessions.remove(sessionId);
      if (sessions.isEmpty()) {
        return goOffline();
      }
    }
    return leaveIfIdle();
  }

  // ---- publishing, coalesced ---------------------------------------------------------------

  private Player changed(PresenceState next) {
    presence = next;
    if (publishPending) {
      return this; // the pending publish will carry the latest state
    }
    long now = clock.millis();
    long wait = lastPublishedAt + settings.batchInterval().toMillis() - now;
    if (wait <= 0) {
      publish(now);
    } else {
      publishPending = true;
      wheel.schedule(Duration.ofMillis(wait), getContext().getSelf(), new PublishDue(++publishGeneration));
    }
    return this;
  }

  private Behavior<Command> onPublishDue(PublishDue m) {
    if (m.generation() == publishGeneration && publishPending) {
      publishPending = false;
      publish(clock.millis());
    }
    return leaveIfIdle();
  }

  private void publish(long now) {
    PresenceView view = presence.visible();
    if (view.status() == lastPublished.status()
        && Objects.equals(view.activity(), lastPublished.activity())) {
      return; // nothing a watcher can see has changed
    }
    lastPublished = view;
    lastPublishedAt = now;
    Session.PresenceUpdate update = new Session.PresenceUpdate(view);
    for (ActorRef<Session.Command> w : watchers) {
      w.tell(update);
    }
  }

  // ---- death watch bookkeeping -------------------------------------------------------------

  private void watch(ActorRef<Session.Command> ref) {
    // One termination message per ref, whether it is a session, a watcher or both.
    getContext().watchWith(ref, new RefGone(ref));
  }

  private void unwatchIfUnused(ActorRef<Session.Command> ref) {
    if (!watchers.contains(ref) && !sessions.containsValue(ref)) {
      getContext().unwatch(ref);
    }
  }

  private Behavior<Command> onStop() {
    if (presence.connected()) {
      online.add(-1); // the rebuilt entity counts the player again when its sessions re-attach
    }
    return this;
  }
}
