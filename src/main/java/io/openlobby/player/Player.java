package io.openlobby.player;

import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.TimerWheel;
import io.openlobby.match.MatchNotice;
import io.openlobby.match.Queue;
import io.openlobby.match.TicketView;
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
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
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

  private static final Duration TICKET_CHECK_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TICKET_RECHECK = Duration.ofSeconds(3);

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

  /** What the ticket's queue said of it: {@code view} null when it does not know the ticket. */
  private record TicketChecked(String ticketId, TicketView view, Throwable failure) implements Command {}

  /** Ask the queue again: once it did not know the ticket (it may have been moving). */
  private record RecheckTicket(String ticketId) implements Command {}

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
                            settings.matchmaking().ticketCheck(),
                            Clock.systemUTC(),
                            Optional.of(ctx.getShard())))
                .withStopMessage(new HandOff()));
  }

  /** {@code shard}: where to ask for passivation; empty when not sharded (tests). */
  public static Behavior<Command> create(
      String playerId,
      Settings.Presence settings,
      Duration ticketCheck,
      Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    return Behaviors.setup(ctx -> new Player(ctx, playerId, settings, ticketCheck, clock, shard));
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
  // When this entity last asked the ticket's queue whether it still has the ticket.
  private long ticketCheckedAt;
  private final long ticketCheckMs;
  // The ticket its queue did not know at the last check: a second miss ends it.
  private String ticketMissing;

  private Player(
      ActorContext<Command> ctx,
      String playerId,
      Settings.Presence settings,
      Duration ticketCheck,
      Clock clock,
      Optional<ActorRef<ClusterSharding.ShardCommand>> shard) {
    super(ctx);
    this.ticketCheckMs = ticketCheck.toMillis();
    this.shard = shard;
    this.sharding = shard.map(s -> ClusterSharding.get(ctx.getSystem()));
    this.settings = settings;
    this.clock = clock;
    this.wheel = TimerWheel.get(ctx.getSystem());
    this.online = OnlineCounter.get(ctx.getSystem());
    this.presence = PresenceState.offline(playerId, 0); // 0: not seen since this entity started
    this.lastPublished = presence.visible();
  }

  /**
   * One case for every message, as in Session: a receive builder with a case per message type is
   * built per entity (17 cases and their bound method references, ~0.8 KB) and kept while the
   * player is online, and every online player has an entity.
   */
  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onAnyMessage(this::onCommand)
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  /** Java 17 has no pattern switch: the one dispatch over Command, the frequent ones first. */
  private Behavior<Command> onCommand(Command m) {
    if (m instanceof Attach a) {
      return onAttach(a);
    } else if (m instanceof Watch w) {
      return onWatch(w);
    } else if (m instanceof PublishDue p) {
      return onPublishDue(p);
    } else if (m instanceof SetPresence p) {
      return onSetPresence(p);
    } else if (m instanceof Deliver d) {
      return onDeliver(d);
    } else if (m instanceof Notify n) {
      return onNotify(n);
    } else if (m instanceof Unwatch u) {
      return onUnwatch(u);
    } else if (m instanceof Detach d) {
      return removeSession(d.sessionId(), d.session());
    } else if (m instanceof SetInGame g) {
      return changed(presence.inGame(g.inGame())).leaveIfIdle();
    } else if (m instanceof GetPresence g) {
      return onGetPresence(g);
    } else if (m instanceof FindSession f) {
      return onFindSession(f);
    } else if (m instanceof ClaimTicket c) {
      return onClaimTicket(c);
    } else if (m instanceof ReleaseTicket r) {
      return onReleaseTicket(r);
    } else if (m instanceof RefGone r) {
      return onRefGone(r);
    } else if (m instanceof TicketChecked t) {
      return onTicketChecked(t);
    } else if (m instanceof RecheckTicket r) {
      if (r.ticketId().equals(ticketId)) {
        askQueue(ticketId);
      }
      return leaveIfIdle();
    } else if (m instanceof HandOff h) {
      return onHandOff(h);
    } else if (m instanceof Stop) {
      return Behaviors.stopped();
    }
    return Behaviors.unhandled();
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
    checkTicket();
    return this;
  }

  /**
   * Queues are soft state: a queue whose node crashed lost its tickets without a word. At most once
   * per check interval (sessions attach at every heartbeat, so a rebuilt entity checks at once) the
   * entity asks the ticket's queue; a ticket it does not know ends with reason {@code lost}.
   */
  private void checkTicket() {
    if (ticketId == null || sharding.isEmpty() || clock.millis() - ticketCheckedAt < ticketCheckMs) {
      return;
    }
    askQueue(ticketId);
  }

  /** Asks the ticket's queue whether it still has the ticket; the interval counts from now. */
  private void askQueue(String ticket) {
    ticketCheckedAt = clock.millis();
    queueOf(ticket)
        .ifPresent(
            queue ->
                getContext()
                    .pipeToSelf(
                        queue.askWithStatus(
                            (ActorRef<StatusReply<TicketView>> r) -> new Queue.Get(ticket, r),
                            TICKET_CHECK_TIMEOUT),
                        (view, failure) -> new TicketChecked(ticket, view, failure)));
  }

  /** The queue entity a ticket id names; empty when not sharded (tests) or the id is not one. */
  private Optional<EntityRef<Queue.Command>> queueOf(String ticket) {
    return sharding.flatMap(sh -> Queue.ofTicket(sh, ticket));
  }

  private Behavior<Command> onTicketChecked(TicketChecked m) {
    if (!m.ticketId().equals(ticketId)) {
      return leaveIfIdle(); // it ended meanwhile
    }
    boolean unknown =
        m.failure() != null && ErrorCode.ofFailure(m.failure()) == ErrorCode.TICKET_NOT_FOUND;
    if (unknown && !m.ticketId().equals(ticketMissing)) {
      // Once may be a queue between two incarnations (a rebalance hands its tickets over): ask
      // again shortly, from the node's timer wheel.
      ticketMissing = m.ticketId();
      wheel.schedule(TICKET_RECHECK, getContext().getSelf(), new RecheckTicket(m.ticketId()));
      return this;
    }
    ticketMissing = null;
    if (unknown) {
      ticketId = null;
      return onNotify(new Notify(MatchNotice.Status.lost(m.ticketId())));
    }
    if (m.view() != null && !m.view().status().live()) {
      ticketId = null; // it ended and this entity missed the release (it was being rebuilt)
    }
    return leaveIfIdle(); // a timeout: asked again at the next interval
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
      queueOf(ticket).ifPresent(queue -> queue.tell(new Queue.MemberLeft(ticket, playerId)));
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
    ticketCheckedAt = clock.millis(); // the queue gets it after this claim: no check before then
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
