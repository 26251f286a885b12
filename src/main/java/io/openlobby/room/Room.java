package io.openlobby.room;

import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * A room: the single writer of its membership, event sourced to Cassandra. A command is checked
 * against the state, its events are persisted, and only then is the caller answered, so capacity
 * cannot be oversold however many join at once.
 */
public final class Room
    extends EventSourcedBehaviorWithEnforcedReplies<Room.Command, Room.Event, RoomState> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Room");

  // ---- protocol ----------------------------------------------------------------------------

  /** Every command is answered with the room as it stands after it, or a typed error code. */
  public sealed interface Command extends CborSerializable {
    ActorRef<StatusReply<RoomView>> replyTo();
  }

  public record Create(
      String hostId,
      String hostName,
      String mode,
      String name,
      String region,
      int maxPlayers,
      boolean isPrivate,
      Map<String, String> attributes,
      ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  /** {@code joinCode} is required for a private room (null otherwise). */
  public record Join(
      String playerId, String name, String joinCode, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  public record Leave(String playerId, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  public record Get(ActorRef<StatusReply<RoomView>> replyTo) implements Command {}

  public record SetReady(String playerId, boolean ready, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  /** Host only. */
  public record Kick(String byPlayerId, String playerId, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  public record Chat(String playerId, String text, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  /** Host only, once every other member is ready. */
  public record Start(String byPlayerId, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  /**
   * A matched game's room, created by a matchmaking queue: in game at once, with the teams (each a
   * list of members). Nobody joins it; members leave as in any room.
   */
  public record CreateMatch(
      String matchId,
      String mode,
      String region,
      List<List<RoomState.Member>> teams,
      ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  /**
   * The player went away for good: its last session ended past the grace period, or after a restart
   * its Player entity said it is not online. In an open room it leaves (as with {@link Leave}, and
   * the room lets go of its membership). In a game it stays a member, marked away; a host that is
   * away hands the room on, and once every member is away the room closes (abandoned).
   */
  public record MemberAway(String playerId, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  /**
   * The player is online again (a session of its that knows the room attached): no longer away, and
   * in game again if the room is.
   */
  public record MemberBack(String playerId, ActorRef<StatusReply<RoomView>> replyTo)
      implements Command {}

  /**
   * After recovery (nobody tells a restarted room who went away meanwhile): ask the members' Player
   * entities who is online; the others are away.
   */
  private record CheckMembers(ActorRef<StatusReply<RoomView>> replyTo) implements Command {}

  /** Events, past tense; each carries the time it happened ({@code at}, epoch ms). */
  public sealed interface Event extends CborSerializable {
    long at();
  }

  public record RoomCreated(
      String roomId,
      String hostId,
      String hostName,
      String mode,
      String name,
      String region,
      int maxPlayers,
      boolean isPrivate,
      Map<String, String> attributes,
      String joinCode,
      long at)
      implements Event {}

  public record MatchRoomCreated(
      String roomId,
      String matchId,
      String mode,
      String region,
      List<List<RoomState.Member>> teams,
      long at)
      implements Event {}

  public record PlayerJoined(String playerId, String name, long at) implements Event {}

  public record PlayerLeft(String playerId, long at) implements Event {}

  public record HostChanged(String hostId, long at) implements Event {}

  public record RoomClosed(long at) implements Event {}

  public record ReadyChanged(String playerId, boolean ready, long at) implements Event {}

  public record PlayerKicked(String playerId, String byPlayerId, long at) implements Event {}

  public record ChatPosted(String playerId, String text, long at) implements Event {}

  public record GameStarted(long at) implements Event {}

  /** In a game, the member went away for good; it stays a member. */
  public record MemberWentAway(String playerId, long at) implements Event {}

  /** The member that was away is back (online again, or it sent a command to the room). */
  public record MemberReturned(String playerId, long at) implements Event {}

  /** Closed because every member of its game was away. */
  public record RoomAbandoned(long at) implements Event {}

  // ---- wiring ------------------------------------------------------------------------------

  /**
   * Rooms are remembered entities (stored in the Cassandra journal): after a full restart Cluster
   * Sharding starts every room that was live, each recovers and lists itself in its lobby again.
   * A room leaves memory, and the remembered set, when it closes.
   */
  public static void init(ActorSystem<?> system, Settings settings) {
    ClusterSharding sharding = ClusterSharding.get(system);
    // A member's sessions re-attach to its (rebuilt) Player entity within one heartbeat, and a
    // client that lost its socket in the restart has the grace period to come back.
    Duration checkAfter = settings.presence().grace().plus(settings.session().heartbeat());
    sharding.init(
        Entity.of(
                ENTITY_KEY,
                ctx ->
                    Behaviors.setup(
                        actor ->
                            create(
                                ctx.getEntityId(),
                                Clock.systemUTC(),
                                new ShardedRoomHooks(
                                    sharding, ctx.getShard(), actor.getSelf(), system,
                                    settings.askTimeout()),
                                checkAfter)))
            .withSettings(
                ClusterShardingSettings.create(system)
                    .withRememberEntities(true)
                    .withRememberEntitiesStoreMode(
                        ClusterShardingSettings.rememberEntitiesStoreModeEventSourced())));
  }

  /** A room that does not check its members after recovery (tests). */
  public static Behavior<Command> create(String roomId, Clock clock, RoomHooks hooks) {
    return create(roomId, clock, hooks, Duration.ZERO);
  }

  /** {@code checkAfter}: how long after recovery the members are checked (zero: never). */
  public static Behavior<Command> create(
      String roomId, Clock clock, RoomHooks hooks, Duration checkAfter) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new Room(roomId, clock, hooks, timers, checkAfter, ctx.getSystem().ignoreRef())));
  }

  public static PersistenceId persistenceId(String roomId) {
    return PersistenceId.of(ENTITY_KEY.name(), roomId);
  }

  private final String roomId;
  private final Clock clock;
  private final RoomHooks hooks;
  private final RoomExits exits;
  private final RoomMoves moves;
  private final TimerScheduler<Command> timers;
  private final Duration checkAfter;
  private final ActorRef<StatusReply<RoomView>> ignore;

  private Room(
      String roomId, Clock clock, RoomHooks hooks, TimerScheduler<Command> timers,
      Duration checkAfter, ActorRef<StatusReply<RoomView>> ignore) {
    super(persistenceId(roomId));
    this.roomId = roomId;
    this.clock = clock;
    this.hooks = hooks;
    this.exits = new RoomExits(roomId, hooks);
    this.moves = new RoomMoves(roomId, hooks);
    this.timers = timers;
    this.checkAfter = checkAfter;
    this.ignore = ignore;
  }

  @Override
  public SignalHandler<RoomState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::recovered)
        .build();
  }

  /** Lists itself again and, if it has members, checks them once (one timer per room). */
  private void recovered(RoomState state) {
    hooks.changed(state);
    if (state instanceof RoomState.Live && !checkAfter.isZero()) {
      timers.startSingleTimer(new CheckMembers(ignore), checkAfter);
    }
  }

  @Override
  public RoomState emptyState() {
    return new RoomState.Empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    // Recovery reads at most one snapshot plus 100 events, however long the room lives.
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  // ---- commands ----------------------------------------------------------------------------

  @Override
  public CommandHandlerWithReply<Command, Event, RoomState> commandHandler() {
    var builder = newCommandHandlerWithReplyBuilder();
    builder
        .forStateType(RoomState.Empty.class)
        .onCommand(Create.class, this::create)
        .onCommand(CreateMatch.class, this::createMatch)
        .onAnyCommand((state, cmd) -> rejectAndLeave(cmd, ErrorCode.ROOM_NOT_FOUND));
    builder
        .forStateType(RoomState.Live.class)
        .onCommand(
            Join.class,
            (state, c) -> apply(state, c, moves.join(state, c.playerId(), c.name(), c.joinCode(), now())))
        .onCommand(Leave.class, this::leave)
        .onCommand(
            SetReady.class, (state, c) -> apply(state, c, moves.setReady(state, c.playerId(), c.ready(), now())))
        .onCommand(
            Kick.class, (state, c) -> apply(state, c, moves.kick(state, c.byPlayerId(), c.playerId(), now())))
        .onCommand(Chat.class, (state, c) -> apply(state, c, moves.chat(state, c.playerId(), c.text(), now())))
        .onCommand(Start.class, (state, c) -> apply(state, c, moves.start(state, c.byPlayerId(), now())))
        .onCommand(MemberAway.class, this::memberAway)
        .onCommand(MemberBack.class, (state, c) -> apply(state, c, moves.memberBack(state, c.playerId(), now())))
        .onCommand(CheckMembers.class, this::checkMembers)
        .onCommand(CreateMatch.class, (state, cmd) -> reject(cmd, ErrorCode.ROOM_EXISTS))
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), ok(state.view())))
        .onCommand(Create.class, (state, cmd) -> reject(cmd, ErrorCode.ROOM_EXISTS));
    builder
        .forStateType(RoomState.Closed.class)
        .onCommand(
            Get.class,
            (state, cmd) -> Effect().none().thenRun(s -> hooks.passivate()).thenReply(cmd.replyTo(), s -> ok(state.view())))
        .onCommand(Create.class, (state, cmd) -> rejectAndLeave(cmd, ErrorCode.ROOM_EXISTS))
        .onCommand(Leave.class, (state, cmd) -> rejectAndLeave(cmd, ErrorCode.NOT_IN_ROOM))
        .onAnyCommand((state, cmd) -> rejectAndLeave(cmd, ErrorCode.ROOM_CLOSED));
    return builder.build();
  }

  private ReplyEffect<Event, RoomState> create(RoomState.Empty state, Create cmd) {
    String joinCode = cmd.isPrivate() ? JoinCode.newCode() : null;
    RoomCreated created =
        new RoomCreated(
            roomId,
            cmd.hostId(),
            cmd.hostName(),
            cmd.mode(),
            cmd.name(),
            cmd.region(),
            cmd.maxPlayers(),
            cmd.isPrivate(),
            cmd.attributes(),
            joinCode,
            now());
    return Effect()
        .persist(created)
        .thenRun(
            s -> {
              hooks.changed(s);
              if (joinCode != null) {
                hooks.joinCode(joinCode, roomId);
              }
            })
        .thenReply(cmd.replyTo(), s -> ok(((RoomState.Live) s).view()));
  }

  private ReplyEffect<Event, RoomState> createMatch(RoomState.Empty state, CreateMatch cmd) {
    if (cmd.teams().isEmpty() || cmd.teams().stream().anyMatch(List::isEmpty)) {
      return reject(cmd, ErrorCode.BAD_REQUEST);
    }
    MatchRoomCreated created =
        new MatchRoomCreated(roomId, cmd.matchId(), cmd.mode(), cmd.region(), cmd.teams(), now());
    return Effect()
        .persist(created)
        .thenRun(
            s -> {
              hooks.changed(s);
              hooks.inGame(((RoomState.Live) s).memberIds(), true);
            })
        .thenReply(cmd.replyTo(), s -> ok(((RoomState.Live) s).view()));
  }

  private ReplyEffect<Event, RoomState> memberAway(RoomState.Live state, MemberAway cmd) {
    if (state.member(cmd.playerId()).isEmpty() || state.isAway(cmd.playerId())) {
      return Effect().reply(cmd.replyTo(), ok(state.view())); // a stale hint, or known already
    }
    return apply(
        state, cmd,
        state.started()
            ? exits.away(state, cmd.playerId(), now())
            : exits.leave(state, cmd.playerId(), now(), true));
  }

  private ReplyEffect<Event, RoomState> checkMembers(RoomState.Live state, CheckMembers cmd) {
    hooks.checkOnline(state.memberIds().stream().filter(id -> !state.isAway(id)).toList());
    return Effect().noReply();
  }

  private ReplyEffect<Event, RoomState> leave(RoomState.Live state, Leave cmd) {
    if (state.member(cmd.playerId()).isEmpty()) {
      return reject(cmd, ErrorCode.NOT_IN_ROOM);
    }
    return apply(state, cmd, exits.leave(state, cmd.playerId(), now(), false)); // the session releases
  }

  /** Refuses, answers unchanged (after running its {@code tell}), or persists the move. */
  private ReplyEffect<Event, RoomState> apply(RoomState.Live state, Command cmd, RoomMove move) {
    if (move.refused() != null) {
      return reject(cmd, move.refused());
    }
    if (move.events().isEmpty()) {
      return Effect().none().thenRun(s -> move.tell().run()).thenReply(cmd.replyTo(), s -> ok(state.view()));
    }
    return persist(cmd, move.events(), move.tell());
  }

  /** Persists, then tells the lobby and the members, then answers with the room as it is now. */
  private ReplyEffect<Event, RoomState> persist(Command cmd, List<Event> events, Runnable tell) {
    return Effect()
        .persist(events)
        .thenRun(
            s -> {
              hooks.changed(s);
              tell.run();
              if (s instanceof RoomState.Closed) {
                hooks.passivate();
              }
            })
        .thenReply(cmd.replyTo(), s -> ok(viewOf(s)));
  }

  // ---- events ------------------------------------------------------------------------------

  @Override
  public EventHandler<RoomState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(RoomState::apply);
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Rejects, then leaves memory: a room never created or already closed keeps nothing alive. */
  private ReplyEffect<Event, RoomState> rejectAndLeave(Command cmd, ErrorCode code) {
    return Effect()
        .none()
        .thenRun(s -> hooks.passivate())
        .thenReply(cmd.replyTo(), s -> StatusReply.error(code.wire()));
  }

  private ReplyEffect<Event, RoomState> reject(Command cmd, ErrorCode code) {
    return Effect().reply(cmd.replyTo(), StatusReply.error(code.wire()));
  }

  private static StatusReply<RoomView> ok(RoomView view) {
    return StatusReply.success(view);
  }

  private static RoomView viewOf(RoomState state) {
    if (state instanceof RoomState.Live live) {
      return live.view();
    }
    if (state instanceof RoomState.Closed closed) {
      return closed.view();
    }
    throw new IllegalStateException("no view of " + state);
  }

  private long now() {
    return clock.millis();
  }
}
