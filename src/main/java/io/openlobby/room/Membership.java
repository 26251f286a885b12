package io.openlobby.room;

import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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
 * Which room a player is in: the single writer of "a player is in at most one room", durable in
 * Cassandra. Only room operations touch it (never presence): a join claims the room first, and a
 * join that fails, a leave or a kick releases it. A claim on a room that no longer counts the player
 * as a member (a crash between claim and join) is checked with that room and dropped, so a player
 * is never stuck. Its history is of no use once applied (two events per room or match, forever):
 * it is snapshotted every {@link #SNAPSHOT_EVERY} events and the events before are deleted, so a
 * recovery reads one tiny snapshot and at most that many events however long the player has played.
 */
public final class Membership
    extends EventSourcedBehaviorWithEnforcedReplies<Membership.Command, Membership.Event, Membership.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY =
      EntityTypeKey.create(Command.class, "Membership");

  public sealed interface Command extends CborSerializable {}

  /** Claims {@code roomId} for the player: ok, or already_in_room naming the room it is in. */
  public record Claim(String roomId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  /** Gives up {@code roomId} (no-op when the player is not in that room). */
  public record Release(String roomId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record Current(ActorRef<StatusReply<String>> replyTo) implements Command {}

  /** {@code stillMember} null: the claimed room did not answer. */
  private record StaleChecked(
      String claimed, String wanted, Boolean stillMember, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  public sealed interface Event extends CborSerializable {}

  public record Claimed(String roomId) implements Event {}

  public record Released(String roomId) implements Event {}

  /** {@code roomId} null: in no room. */
  public record State(String roomId) implements CborSerializable {}

  static final int SNAPSHOT_EVERY = 50;

  public static void init(ActorSystem<?> system, Duration askTimeout) {
    ClusterSharding sharding = ClusterSharding.get(system);
    sharding.init(Entity.of(ENTITY_KEY, ctx -> create(ctx.getEntityId(), sharding, askTimeout)));
  }

  static Behavior<Command> create(String playerId, ClusterSharding sharding, Duration askTimeout) {
    return Behaviors.setup(actor -> new Membership(actor, playerId, sharding, askTimeout));
  }

  private final ActorContext<Command> context;
  private final String playerId;
  private final ClusterSharding sharding;
  private final Duration askTimeout;

  private Membership(ActorContext<Command> context, String playerId, ClusterSharding sharding, Duration askTimeout) {
    super(PersistenceId.of(ENTITY_KEY.name(), playerId));
    this.context = context;
    this.playerId = playerId;
    this.sharding = sharding;
    this.askTimeout = askTimeout;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2).withDeleteEventsOnSnapshot();
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Claim.class, this::claim)
        .onCommand(Release.class, this::release)
        .onCommand(Current.class, (s, c) -> Effect().reply(c.replyTo(), StatusReply.success(s.roomId())))
        .onCommand(StaleChecked.class, this::staleChecked)
        .build();
  }

  private ReplyEffect<Event, State> claim(State state, Claim c) {
    if (state.roomId() == null) {
      return Effect().persist(new Claimed(c.roomId())).thenReply(c.replyTo(), s -> StatusReply.ack());
    }
    if (state.roomId().equals(c.roomId())) {
      return Effect().reply(c.replyTo(), StatusReply.ack());
    }
    // Is the player really still in the room it claimed? Ask that room, decide on the answer.
    String claimed = state.roomId();
    CompletionStage<RoomView> room =
        sharding.entityRefFor(Room.ENTITY_KEY, claimed).askWithStatus(Room.Get::new, askTimeout);
    context.pipeToSelf(
        room,
        (view, failure) ->
            new StaleChecked(
                claimed, c.roomId(),
                failure != null
                    ? (isGone(failure) ? Boolean.FALSE : null)
                    : view.hasMember(playerId) && view.status() != RoomView.Status.CLOSED,
                c.replyTo()));
    return Effect().noReply();
  }

  private static boolean isGone(Throwable failure) {
    ErrorCode code = ErrorCode.ofFailure(failure);
    return code == ErrorCode.ROOM_NOT_FOUND || code == ErrorCode.ROOM_CLOSED;
  }

  private ReplyEffect<Event, State> staleChecked(State state, StaleChecked m) {
    if (!m.claimed().equals(state.roomId()) || m.stillMember() == null) {
      // Changed meanwhile, or the room could not say: the client may retry.
      return Effect().reply(m.replyTo(), StatusReply.error(ErrorCode.UNAVAILABLE.wire()));
    }
    if (m.stillMember()) {
      return Effect().reply(m.replyTo(), StatusReply.error(ErrorCode.ALREADY_IN_ROOM.wire()));
    }
    return Effect()
        .persist(List.of(new Released(m.claimed()), new Claimed(m.wanted())))
        .thenReply(m.replyTo(), s -> StatusReply.ack());
  }

  private ReplyEffect<Event, State> release(State state, Release r) {
    if (r.roomId().equals(state.roomId())) {
      return Effect().persist(new Released(r.roomId())).thenReply(r.replyTo(), s -> StatusReply.ack());
    }
    return Effect().reply(r.replyTo(), StatusReply.ack());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(Claimed.class, (s, e) -> new State(e.roomId()))
        .onEvent(Released.class, (s, e) -> new State(null))
        .build();
  }
}
