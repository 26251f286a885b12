package io.openlobby.match;

import io.openlobby.HotActors;
import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.ops.Metrics;
import io.openlobby.player.Player;
import io.openlobby.session.SessionIds;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;

/**
 * The matchmaking queue of one mode and region: soft state, the single writer of its tickets'
 * lifecycle (so a cancel racing a match has exactly one winner). It feeds a {@link Matcher} and
 * ticks it; it runs the ready-check, turns settled matches into rooms ({@link MatchRooms}), and
 * tells every player of a ticket what happens through their Player entities.
 *
 * <p>After {@code region-widen-after}, a waiting ticket moves (with its enqueue time) to its mode's
 * any-region queue, which owns it from then on; the home queue keeps a forwarding record, since the
 * ticket id names the home queue.
 */
public final class Queue extends AbstractBehavior<Queue.Command> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Queue");

  public sealed interface Command extends CborSerializable {}

  /** A ticket waiting, with its home region and its players' display names (for the room). */
  public record Waiting(MatchTicket ticket, String region, Map<String, String> names)
      implements CborSerializable {}

  public record Enqueue(Waiting waiting, ActorRef<StatusReply<TicketView>> replyTo) implements Command {}

  public record Get(String ticketId, ActorRef<StatusReply<TicketView>> replyTo) implements Command {}

  /** {@code requester}: the player asking (must be on the ticket), or null for a service token. */
  public record Cancel(String ticketId, String requester, ActorRef<StatusReply<TicketView>> replyTo)
      implements Command {}

  /** match.accept ({@code accept}) or match.decline from one player of a proposed ticket. */
  public record Answer(String ticketId, String playerId, boolean accept, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** The player's last session ended past its grace period. */
  public record MemberLeft(String ticketId, String playerId) implements Command {}

  /** From a home queue: this ticket waited long enough to match any region; it lives here now. */
  public record Adopt(Waiting waiting) implements Command {}

  /** Cluster Sharding is moving this queue: its tickets travel to the new incarnation. */
  public record HandOff() implements Command {}

  /**
   * Stops the queue at once without handing its tickets on, as a crash of its node would (its
   * players' entities then find their tickets gone: reason {@code lost}).
   */
  public record Stop() implements Command {}

  /** What a moved queue had: waiting tickets, and the ids it forwards to the any-region queue. */
  public record Restore(List<Waiting> waiting, List<Waiting> movedAway) implements Command {}

  private record Tick() implements Command {}

  /** {@code failure}: the room could not be created (every ticket requeues). */
  private record Settled(String matchId, String roomId, MatchRooms.Outcome outcome, Throwable failure)
      implements Command {}

  /** The queue a ticket id names (its home queue); empty if the id is not a ticket id. */
  public static Optional<EntityRef<Command>> ofTicket(ClusterSharding sharding, String ticketId) {
    return TicketIds.queueOf(ticketId).map(q -> sharding.entityRefFor(ENTITY_KEY, q.entityId()));
  }

  public static void init(ActorSystem<?> system, Settings settings) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(
        Entity.of(
                ENTITY_KEY,
                ctx ->
                    Behaviors.<Command>setup(
                        actor ->
                            Behaviors.withTimers(
                                timers ->
                                    new Queue(
                                        actor, timers, QueueKey.of(ctx.getEntityId()), settings,
                                        sharding, Clock.systemUTC()))))
            .withStopMessage(new HandOff())
            // Tickets are soft state: an idle-passivated queue would drop its waiting tickets.
            .withEntityProps(HotActors.DISPATCHER)
            .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
  }

  /** A ticket this queue owns or owned; mutable, touched by this actor only. */
  private static final class Record {
    final Waiting waiting;
    TicketStatus status = TicketStatus.SEARCHING;
    String reason;
    String roomId;
    String matchId;
    long endedAt;
    boolean movedAway;
    int position;
    long estimate = -1;
    int pushedPosition = -1;
    long pushedEstimate = -1;

    Record(Waiting waiting) {
      this.waiting = waiting;
    }

    MatchTicket ticket() {
      return waiting.ticket();
    }
  }

  /** A ready-check: who has not accepted yet, and until when. */
  private record Proposal(FormedMatch match, long acceptBy, Set<String> waitingFor) {}

  private final QueueKey key;
  private final Settings.Mode mode;
  private final Settings.Matchmaking settings;
  private final ClusterSharding sharding;
  private final Clock clock;
  private final TimerScheduler<Command> timers;
  private final Matcher matcher;
  private final WaitEstimator estimator;
  private final MatchRooms rooms;
  private final QueueSizes sizes;
  private final Metrics metrics;
  private final Map<String, Record> records = new HashMap<>();
  private final Map<String, Proposal> proposals = new LinkedHashMap<>();
  private final Map<String, FormedMatch> settling = new HashMap<>();
  private long nextStatusPass;
  private int publishedSize = -1;

  private Queue(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      QueueKey key,
      Settings settings,
      ClusterSharding sharding,
      Clock clock) {
    super(ctx);
    this.key = key;
    this.timers = timers;
    this.settings = settings.matchmaking();
    this.mode = settings.matchmaking().modes().get(key.mode());
    if (mode == null) {
      throw new IllegalArgumentException("no matchmaking mode " + key.mode());
    }
    this.sharding = sharding;
    this.clock = clock;
    this.matcher = new Matcher(mode.rules());
    this.estimator =
        new WaitEstimator(this.settings.bracketWidth(), this.settings.estimateWindow().toMillis());
    this.metrics = Metrics.get(ctx.getSystem());
    this.rooms = new MatchRooms(sharding, settings.askTimeout(), ctx.getSystem().ignoreRef(), metrics);
    this.sizes = QueueSizes.get(ctx.getSystem());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Enqueue.class, this::onEnqueue)
        .onMessage(Get.class, this::onGet)
        .onMessage(Cancel.class, this::onCancel)
        .onMessage(Answer.class, this::onAnswer)
        .onMessage(MemberLeft.class, this::onMemberLeft)
        .onMessage(Adopt.class, m -> adopt(m.waiting()))
        .onMessage(Restore.class, this::onRestore)
        .onMessage(Tick.class, m -> onTick())
        .onMessage(Settled.class, this::onSettled)
        .onMessage(HandOff.class, m -> onHandOff())
        .onMessage(Stop.class, m -> Behaviors.stopped())
        .build();
  }

  // ---- tickets in ------------------------------------------------------------------------

  private Behavior<Command> onEnqueue(Enqueue m) {
    if (records.containsKey(m.waiting().ticket().ticketId())) {
      m.replyTo().tell(StatusReply.error(ErrorCode.BAD_REQUEST.wire()));
      return this;
    }
    Record r = admit(m.waiting());
    m.replyTo().tell(StatusReply.success(view(r)));
    return this;
  }

  private Behavior<Command> adopt(Waiting waiting) {
    if (!records.containsKey(waiting.ticket().ticketId())) {
      admit(waiting);
    }
    return this;
  }

  private Record admit(Waiting waiting) {
    Record r = new Record(waiting);
    records.put(waiting.ticket().ticketId(), r);
    matcher.add(waiting.ticket());
    r.position = matcher.waitingTickets();
    r.estimate = estimator.estimateMs(waiting.ticket().skill(), r.position - 1, r.position - 1);
    if (!timers.isTimerActive("tick")) {
      timers.startTimerWithFixedDelay("tick", new Tick(), settings.tick());
    }
    return r;
  }

  private Behavior<Command> onRestore(Restore m) {
    m.waiting().forEach(this::adopt);
    for (Waiting w : m.movedAway()) {
      Record r = new Record(w);
      r.movedAway = true;
      records.putIfAbsent(w.ticket().ticketId(), r);
    }
    return this;
  }

  // ---- reads and player actions ----------------------------------------------------------

  private Behavior<Command> onGet(Get m) {
    Record r = records.get(m.ticketId());
    if (r == null) {
      m.replyTo().tell(StatusReply.error(ErrorCode.TICKET_NOT_FOUND.wire()));
    } else if (r.movedAway) {
      anyRegionQueue().tell(m);
    } else {
      m.replyTo().tell(StatusReply.success(view(r)));
    }
    return this;
  }

  private Behavior<Command> onCancel(Cancel m) {
    Record r = records.get(m.ticketId());
    if (r == null) {
      m.replyTo().tell(StatusReply.error(ErrorCode.TICKET_NOT_FOUND.wire()));
      return this;
    }
    if (m.requester() != null && !r.ticket().players().contains(m.requester())) {
      m.replyTo().tell(StatusReply.error(ErrorCode.FORBIDDEN.wire()));
      return this;
    }
    if (r.movedAway) {
      anyRegionQueue().tell(m);
      return this;
    }
    if (r.status == TicketStatus.MATCHED || settlingIncludes(r)) {
      m.replyTo().tell(StatusReply.error(ErrorCode.TICKET_MATCHED.wire()));
      return this;
    }
    leave(r, "cancelled");
    m.replyTo().tell(StatusReply.success(view(r)));
    return this;
  }

  private Behavior<Command> onMemberLeft(MemberLeft m) {
    Record r = records.get(m.ticketId());
    if (r == null || !r.ticket().players().contains(m.playerId())) {
      return this;
    }
    if (r.movedAway) {
      anyRegionQueue().tell(m);
    } else if (r.status.live() && !settlingIncludes(r)) {
      leave(r, "member_left");
    }
    return this;
  }

  /** The ticket leaves the queue (cancel, member left): a proposal it was in fails for it alone. */
  private void leave(Record r, String reason) {
    if (r.status == TicketStatus.SEARCHING) {
      matcher.remove(r.ticket().ticketId());
      end(r, TicketStatus.CANCELLED, reason);
    } else if (r.status == TicketStatus.PROPOSED) {
      Proposal p = proposals.remove(r.matchId);
      failProposal(p, Set.copyOf(r.ticket().players()), reason);
    }
  }

  private Behavior<Command> onAnswer(Answer m) {
    Record r = records.get(m.ticketId());
    if (r != null && r.movedAway) {
      anyRegionQueue().tell(m);
      return this;
    }
    if (r == null || !r.ticket().players().contains(m.playerId())) {
      m.replyTo().tell(StatusReply.error(ErrorCode.TICKET_NOT_FOUND.wire()));
      return this;
    }
    Proposal p = r.status == TicketStatus.PROPOSED ? proposals.get(r.matchId) : null;
    if (p == null) {
      m.replyTo().tell(StatusReply.error(ErrorCode.NOT_PROPOSED.wire()));
      return this;
    }
    m.replyTo().tell(StatusReply.ack());
    if (!m.accept()) {
      proposals.remove(r.matchId);
      failProposal(p, Set.of(m.playerId()), "declined");
    } else {
      p.waitingFor().remove(m.playerId());
      if (p.waitingFor().isEmpty()) {
        proposals.remove(r.matchId);
        settle(r.matchId, p.match());
      }
    }
    return this;
  }

  // ---- the tick ----------------------------------------------------------------------------

  private Behavior<Command> onTick() {
    long now = clock.millis();
    expireProposals(now);
    for (MatchTicket t : matcher.removeEnqueuedBefore(now - mode.ttl().toMillis())) {
      end(records.get(t.ticketId()), TicketStatus.EXPIRED, "expired");
    }
    if (!mode.regionWidenAfter().isZero() && !key.isAnyRegion()) {
      for (MatchTicket t : matcher.removeEnqueuedBefore(now - mode.regionWidenAfter().toMillis())) {
        Record r = records.get(t.ticketId());
        r.movedAway = true;
        anyRegionQueue().tell(new Adopt(r.waiting));
      }
    }
    for (FormedMatch match : matcher.tick(now)) {
      formed(match, now);
    }
    if (now >= nextStatusPass) {
      nextStatusPass = now + settings.statusInterval().toMillis();
      statusPass(now);
    }
    return this;
  }

  private void formed(FormedMatch match, long now) {
    String matchId = SessionIds.next("m-");
    for (MatchTicket t : match.tickets()) {
      estimator.matched(t.skill(), now);
      records.get(t.ticketId()).matchId = matchId;
    }
    if (mode.readyCheck().isZero()) {
      settle(matchId, match);
      return;
    }
    long acceptBy = now + mode.readyCheck().toMillis();
    Set<String> waitingFor = new HashSet<>();
    for (MatchTicket t : match.tickets()) {
      waitingFor.addAll(t.players());
      Record r = records.get(t.ticketId());
      r.status = TicketStatus.PROPOSED;
      notify(r, MatchNotice.Status.proposed(t.ticketId(), matchId, acceptBy));
    }
    proposals.put(matchId, new Proposal(match, acceptBy, waitingFor));
  }

  private void expireProposals(long now) {
    Iterator<Proposal> it = proposals.values().iterator();
    List<Proposal> late = new ArrayList<>();
    while (it.hasNext()) {
      Proposal p = it.next();
      if (now >= p.acceptBy()) {
        it.remove();
        late.add(p);
      }
    }
    for (Proposal p : late) {
      failProposal(p, p.waitingFor(), "declined"); // who did not accept in time declined
    }
  }

  /** Tickets holding one of {@code refusers} end with {@code reason}; the others requeue. */
  private void failProposal(Proposal p, Set<String> refusers, String reason) {
    for (MatchTicket t : p.match().tickets()) {
      Record r = records.get(t.ticketId());
      if (t.players().stream().anyMatch(refusers::contains)) {
        end(r, TicketStatus.CANCELLED, reason);
      } else {
        requeue(r);
      }
    }
  }

  private void requeue(Record r) {
    r.status = TicketStatus.SEARCHING;
    r.matchId = null;
    matcher.add(r.ticket()); // its original enqueue time: it keeps its place
    r.pushedPosition = -1; // the next status pass tells its players they search again
    notify(r, MatchNotice.Status.searching(r.ticket().ticketId(), r.position, r.estimate));
  }

  // ---- settling: the room ------------------------------------------------------------------

  private void settle(String matchId, FormedMatch match) {
    settling.put(matchId, match);
    Map<String, String> names = new HashMap<>();
    for (MatchTicket t : match.tickets()) {
      names.putAll(records.get(t.ticketId()).waiting.names());
    }
    String roomId = SessionIds.next("r-");
    getContext()
        .pipeToSelf(
            rooms.create(roomId, matchId, key.mode(), regionOf(match), match.playerTeams(), names),
            (outcome, failure) -> new Settled(matchId, roomId, outcome, failure));
  }

  /** The home region of the match's tickets when they agree, else this queue's. */
  private String regionOf(FormedMatch match) {
    Set<String> regions = new HashSet<>();
    match.tickets().forEach(t -> regions.add(records.get(t.ticketId()).waiting.region()));
    return regions.size() == 1 ? regions.iterator().next() : key.region();
  }

  private boolean settlingIncludes(Record r) {
    return r.matchId != null && settling.containsKey(r.matchId);
  }

  private Behavior<Command> onSettled(Settled s) {
    FormedMatch match = settling.remove(s.matchId());
    if (match == null) {
      return this;
    }
    Set<String> refused = s.failure() == null ? s.outcome().refused() : Set.of();
    if (s.failure() == null && refused.isEmpty()) {
      long now = clock.millis();
      metrics.matchMade();
      List<List<String>> teams = match.playerTeams();
      for (MatchTicket t : match.tickets()) {
        Record r = records.get(t.ticketId());
        r.status = TicketStatus.MATCHED;
        r.roomId = s.roomId();
        r.endedAt = now;
        metrics.ticketEnded(TicketStatus.MATCHED.wire(), null);
        notify(r, new MatchNotice.Found(t.ticketId(), s.roomId(), key.mode(), teams));
        release(r);
      }
      return this;
    }
    getContext().getLog().info("Match {} not settled ({}): requeueing", s.matchId(),
        s.failure() != null ? s.failure().getMessage() : "in a room: " + refused);
    for (MatchTicket t : match.tickets()) {
      Record r = records.get(t.ticketId());
      if (t.players().stream().anyMatch(refused::contains)) {
        end(r, TicketStatus.CANCELLED, "member_left"); // joined a room meanwhile
      } else {
        requeue(r);
      }
    }
    return this;
  }

  // ---- status, endings -----------------------------------------------------------------------

  /**
   * Positions and estimates of every waiting ticket; a ticket's players hear them when they
   * changed, so at most once per status interval. Also publishes the queue's size.
   */
  private void statusPass(long now) {
    estimator.prune(now);
    Map<Long, Integer> aheadInBracket = new HashMap<>();
    int[] ahead = {0};
    matcher.forEachByAge(
        t -> {
          Record r = records.get(t.ticketId());
          int inBracket = aheadInBracket.merge(estimator.bracket(t.skill()), 1, Integer::sum) - 1;
          r.position = ahead[0] + 1;
          r.estimate = estimator.estimateMs(t.skill(), inBracket, ahead[0]);
          ahead[0]++;
          if (r.position != r.pushedPosition || Math.abs(r.estimate - r.pushedEstimate) >= 1000) {
            notify(r, MatchNotice.Status.searching(t.ticketId(), r.position, r.estimate));
          }
        });
    long retention = settings.finishedRetention().toMillis();
    long ttl = mode.ttl().toMillis();
    records.values()
        .removeIf(
            r ->
                r.movedAway
                    // the any-region queue ended it by its TTL at the latest: stop forwarding then
                    ? r.ticket().enqueuedAt() + ttl + retention <= now
                    : !r.status.live() && r.endedAt + retention <= now);
    if (matcher.waitingPlayers() != publishedSize) {
      publishedSize = matcher.waitingPlayers();
      sizes.set(key, publishedSize);
    }
    if (records.isEmpty()) {
      timers.cancel("tick");
    }
  }

  private void end(Record r, TicketStatus status, String reason) {
    r.status = status;
    r.reason = reason;
    r.endedAt = clock.millis();
    metrics.ticketEnded(status.wire(), reason);
    notify(r, MatchNotice.Status.ended(r.ticket().ticketId(), status, reason));
    release(r);
  }

  private void notify(Record r, MatchNotice notice) {
    if (notice instanceof MatchNotice.Status s && s.status() == TicketStatus.SEARCHING) {
      r.pushedPosition = s.position();
      r.pushedEstimate = s.estimatedWaitMs();
    }
    Player.tellEach(sharding, r.ticket().players(), new Player.Notify(notice));
  }

  /** The players may queue again. */
  private void release(Record r) {
    Player.tellEach(sharding, r.ticket().players(), new Player.ReleaseTicket(r.ticket().ticketId()));
  }

  private TicketView view(Record r) {
    boolean searching = r.status == TicketStatus.SEARCHING;
    return new TicketView(
        r.ticket().ticketId(), r.status, key.mode(), r.waiting.region(), r.ticket().players(),
        searching ? r.position : 0, searching ? r.estimate : -1, r.roomId, r.reason);
  }

  private org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef<Command> anyRegionQueue() {
    return sharding.entityRefFor(ENTITY_KEY, key.anyRegion().entityId());
  }

  /**
   * Moving: the waiting tickets (and those of open proposals and settling matches, which start
   * over) go to the new incarnation; Cluster Sharding holds the message until it runs.
   */
  private Behavior<Command> onHandOff() {
    List<Waiting> waiting = new ArrayList<>();
    List<Waiting> moved = new ArrayList<>();
    for (Record r : records.values()) {
      if (r.movedAway) {
        moved.add(r.waiting);
      } else if (r.status.live()) {
        waiting.add(r.waiting);
      }
    }
    if (!waiting.isEmpty() || !moved.isEmpty()) {
      sharding.entityRefFor(ENTITY_KEY, key.entityId()).tell(new Restore(waiting, moved));
    }
    return Behaviors.stopped();
  }
}
