package io.openlobby.room;

import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

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

  public record PlayerJoined(String playerId, String name, long at) implements Event {}

  public record PlayerLeft(String playerId, long at) implements Event {}

  public record HostChanged(String hostId, long at) implements Event {}

  public record RoomClosed(long at) implements Event {}

  // ---- wiring ------------------------------------------------------------------------------

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), Clock.systemUTC())));
  }

  public static Behavior<Command> create(String roomId, Clock clock) {
    return new Room(roomId, clock);
  }

  public static PersistenceId persistenceId(String roomId) {
    return PersistenceId.of(ENTITY_KEY.name(), roomId);
  }

  private static final String JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String roomId;
  private final Clock clock;

  private Room(String roomId, Clock clock) {
    super(persistenceId(roomId));
    this.roomId = roomId;
    this.clock = clock;
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
        .onAnyCommand((state, cmd) -> reject(cmd, ErrorCode.ROOM_NOT_FOUND));
    builder
        .forStateType(RoomState.Live.class)
        .onCommand(Join.class, this::join)
        .onCommand(Leave.class, this::leave)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), ok(state.view())))
        .onCommand(Create.class, (state, cmd) -> reject(cmd, ErrorCode.ROOM_EXISTS));
    builder
        .forStateType(RoomState.Closed.class)
        .onCommand(Get.class, (state, cmd) -> Effect().reply(cmd.replyTo(), ok(state.view())))
        .onCommand(Create.class, (state, cmd) -> reject(cmd, ErrorCode.ROOM_EXISTS))
        .onCommand(Leave.class, (state, cmd) -> reject(cmd, ErrorCode.NOT_IN_ROOM))
        .onAnyCommand((state, cmd) -> reject(cmd, ErrorCode.ROOM_CLOSED));
    return builder.build();
  }

  private ReplyEffect<Event, RoomState> create(RoomState.Empty state, Create cmd) {
    String joinCode = cmd.isPrivate() ? newJoinCode() : null;
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
    return Effect().persist(created).thenReply(cmd.replyTo(), s -> ok(((RoomState.Live) s).view()));
  }

  private ReplyEffect<Event, RoomState> join(RoomState.Live state, Join cmd) {
    if (state.member(cmd.playerId()).isPresent()) {
      return Effect().reply(cmd.replyTo(), ok(state.view())); // idempotent: already a member
    }
    if (state.isPrivate() && !state.joinCode().equals(cmd.joinCode())) {
      return reject(cmd, ErrorCode.ROOM_NOT_FOUND); // a private room does not admit it exists
    }
    if (state.isFull()) {
      return reject(cmd, ErrorCode.ROOM_FULL);
    }
    return Effect()
        .persist(new PlayerJoined(cmd.playerId(), cmd.name(), now()))
        .thenReply(cmd.replyTo(), s -> ok(((RoomState.Live) s).view()));
  }

  private ReplyEffect<Event, RoomState> leave(RoomState.Live state, Leave cmd) {
    if (state.member(cmd.playerId()).isEmpty()) {
      return reject(cmd, ErrorCode.NOT_IN_ROOM);
    }
    long at = now();
    List<Event> events;
    if (state.members().size() == 1) {
      events = List.of(new PlayerLeft(cmd.playerId(), at), new RoomClosed(at));
    } else if (state.hostId().equals(cmd.playerId())) {
      String successor = state.successorOf(cmd.playerId()).orElseThrow();
      events = List.of(new PlayerLeft(cmd.playerId(), at), new HostChanged(successor, at));
    } else {
      events = List.of(new PlayerLeft(cmd.playerId(), at));
    }
    return Effect().persist(events).thenReply(cmd.replyTo(), s -> ok(viewOf(s)));
  }

  // ---- events ------------------------------------------------------------------------------

  @Override
  public EventHandler<RoomState, Event> eventHandler() {
    var builder = newEventHandlerBuilder();
    builder
        .forStateType(RoomState.Empty.class)
        .onEvent(RoomCreated.class, (state, e) -> RoomState.Live.created(e));
    builder
        .forStateType(RoomState.Live.class)
        .onEvent(PlayerJoined.class, (state, e) -> state.withMember(e.playerId(), e.name()))
        .onEvent(PlayerLeft.class, (state, e) -> state.withoutMember(e.playerId()))
        .onEvent(HostChanged.class, (state, e) -> state.withHost(e.hostId()))
        .onEvent(RoomClosed.class, (state, e) -> new RoomState.Closed(state, e.at()));
    return builder.build();
  }

  // ---- helpers -----------------------------------------------------------------------------

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

  private static String newJoinCode() {
    StringBuilder code = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      code.append(JOIN_CODE_ALPHABET.charAt(RANDOM.nextInt(JOIN_CODE_ALPHABET.length())));
    }
    return code.toString();
  }
}
