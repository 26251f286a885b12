package io.openlobby.room;

import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import java.security.SecureRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;

/**
 * A private room's join code (sharded by code, durable): which room it opens. The first room to
 * claim a code keeps it; the room still checks the code itself on every join.
 */
public final class JoinCode
    extends EventSourcedBehaviorWithEnforcedReplies<JoinCode.Command, JoinCode.Claimed, JoinCode.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "JoinCode");

  /** No 0/O, 1/I: a code is read aloud and typed by hand. */
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new random six-character code (32^6, ~1.07 billion). */
  static String newCode() {
    StringBuilder code = new StringBuilder(6);
    for (int i = 0; i < 6; i++) {
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }

  public sealed interface Command extends CborSerializable {}

  public record Claim(String roomId) implements Command {}

  public record Resolve(ActorRef<StatusReply<String>> replyTo) implements Command {}

  public record Claimed(String roomId) implements CborSerializable {}

  public record State(String roomId) implements CborSerializable {}

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_KEY, ctx -> new JoinCode(ctx.getEntityId())));
  }

  private JoinCode(String code) {
    super(PersistenceId.of(ENTITY_KEY.name(), code));
  }

  @Override
  public State emptyState() {
    return new State(null);
  }

  @Override
  public CommandHandlerWithReply<Command, Claimed, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(
            Claim.class,
            (s, c) -> s.roomId() == null ? Effect().persist(new Claimed(c.roomId())).thenNoReply() : Effect().noReply())
        .onCommand(
            Resolve.class,
            (s, c) ->
                Effect()
                    .reply(
                        c.replyTo(),
                        s.roomId() == null
                            ? StatusReply.error(ErrorCode.ROOM_NOT_FOUND.wire())
                            : StatusReply.success(s.roomId())))
        .build();
  }

  @Override
  public EventHandler<State, Claimed> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onEvent(Claimed.class, (s, e) -> new State(e.roomId())).build();
  }
}
