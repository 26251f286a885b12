package io.openlobby.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.auth.Principal;
import io.openlobby.room.Room;
import io.openlobby.room.RoomView;
import io.openlobby.session.wire.ClientFrame;
import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.ServerFrameEncoder;
import io.openlobby.session.wire.WireRoom;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.QueueOfferResult;

/**
 * One actor per socket, on the node that holds the socket. It numbers every frame it sends with the
 * session's {@code seq}, turns client frames into entity commands, and writes to a bounded outbound
 * queue: a client that cannot keep up is disconnected, never buffered without bound.
 */
public final class Session extends AbstractBehavior<Session.Command> {

  public sealed interface Command {}

  /** Acknowledgement to the inbound stream: the next client frame may come. */
  public enum Ack {
    INSTANCE
  }

  public record Connected(ActorRef<Ack> ackTo) implements Command {}

  public record Inbound(ActorRef<Ack> ackTo, ClientFrame frame) implements Command {}

  public record SocketClosed() implements Command {}

  public record SocketFailed(Throwable cause) implements Command {}

  /** A room command's outcome, back on the actor's thread. */
  private record RoomReplied(JsonNode re, RoomView view, Throwable failure, boolean leaving)
      implements Command {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Principal player;
  private final Settings settings;
  private final BoundedSourceQueue<Message> outbound;
  private final ClusterSharding sharding;
  private final Clock clock;
  private long seq;
  /** The room this session's player is in, as far as this session knows (Player entity: later). */
  private String currentRoomId;

  public static Behavior<Command> create(
      Principal player, Settings settings, BoundedSourceQueue<Message> outbound, Clock clock) {
    return Behaviors.setup(ctx -> new Session(ctx, player, settings, outbound, clock));
  }

  private Session(
      ActorContext<Command> ctx,
      Principal player,
      Settings settings,
      BoundedSourceQueue<Message> outbound,
      Clock clock) {
    super(ctx);
    this.player = player;
    this.settings = settings;
    this.outbound = outbound;
    this.sharding = ClusterSharding.get(ctx.getSystem());
    this.clock = clock;
    send(
        new ServerFrame.Welcome(
            player.playerId(),
            randomId("s-"),
            randomId("rt-"),
            clock.millis(),
            settings.session().heartbeat().toMillis(),
            false));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Connected.class, m -> ack(m.ackTo()))
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(RoomReplied.class, this::onRoomReplied)
        .onMessage(SocketClosed.class, m -> Behaviors.stopped())
        .onMessage(SocketFailed.class, m -> Behaviors.stopped())
        .onSignal(PostStop.class, s -> onStop())
        .build();
  }

  private Behavior<Command> onInbound(Inbound in) {
    ClientFrame frame = in.frame();
    // Java 17 has no pattern switch; this chain is the one dispatch over the sealed ClientFrame.
    if (frame instanceof ClientFrame.Ping p) {
      send(new ServerFrame.Pong(p.rid()));
    } else if (frame instanceof ClientFrame.RoomCreate c) {
      roomCreate(c);
    } else if (frame instanceof ClientFrame.RoomJoin j) {
      roomJoin(j);
    } else if (frame instanceof ClientFrame.RoomLeave l) {
      roomLeave(l);
    } else if (frame instanceof ClientFrame.Rejected r) {
      sendError(r.rid(), r.code(), r.message());
    }
    return ack(in.ackTo());
  }

  private void roomCreate(ClientFrame.RoomCreate c) {
    if (currentRoomId != null) {
      sendError(c.rid(), ErrorCode.ALREADY_IN_ROOM, "Leave room " + currentRoomId + " first");
      return;
    }
    String roomId = randomId("r-");
    askRoom(
        roomId,
        c.rid(),
        false,
        replyTo ->
            new Room.Create(
                player.playerId(),
                player.name(),
                c.mode(),
                c.name(),
                settings.region(),
                c.maxPlayers(),
                c.isPrivate(),
                c.attributes(),
                replyTo));
  }

  private void roomJoin(ClientFrame.RoomJoin j) {
    if (currentRoomId != null) {
      sendError(j.rid(), ErrorCode.ALREADY_IN_ROOM, "Leave room " + currentRoomId + " first");
      return;
    }
    if (j.roomId() == null) {
      // Join codes need the code -> room index of the rooms issue; until then say so plainly.
      sendError(j.rid(), ErrorCode.BAD_REQUEST, "Joining by joinCode alone is not available yet; send roomId and joinCode");
      return;
    }
    askRoom(
        j.roomId(),
        j.rid(),
        false,
        replyTo -> new Room.Join(player.playerId(), player.name(), j.joinCode(), replyTo));
  }

  private void roomLeave(ClientFrame.RoomLeave l) {
    if (currentRoomId == null) {
      sendError(l.rid(), ErrorCode.NOT_IN_ROOM, "Not in a room");
      return;
    }
    askRoom(currentRoomId, l.rid(), true, replyTo -> new Room.Leave(player.playerId(), replyTo));
  }

  private void askRoom(
      String roomId,
      JsonNode re,
      boolean leaving,
      Function<ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    CompletionStage<RoomView> reply =
        sharding
            .entityRefFor(Room.ENTITY_KEY, roomId)
            .askWithStatus(command::apply, settings.askTimeout());
    getContext().pipeToSelf(reply, (view, failure) -> new RoomReplied(re, view, failure, leaving));
  }

  private Behavior<Command> onRoomReplied(RoomReplied r) {
    if (r.failure() != null) {
      ErrorCode code = ErrorCode.ofFailure(r.failure());
      sendError(r.re(), code, code.defaultMessage());
      if (r.leaving() && code == ErrorCode.NOT_IN_ROOM) {
        currentRoomId = null;
      }
    } else if (r.leaving()) {
      currentRoomId = null;
      send(new ServerFrame.Ok(r.re()));
    } else {
      currentRoomId = r.view().roomId();
      send(new ServerFrame.RoomState(r.re(), WireRoom.of(r.view(), player.playerId())));
    }
    return this;
  }

  private Behavior<Command> ack(ActorRef<Ack> ackTo) {
    ackTo.tell(Ack.INSTANCE);
    return this;
  }

  private void sendError(JsonNode re, ErrorCode code, String message) {
    send(new ServerFrame.Error(re, code.wire(), message, code.retryable()));
  }

  private void send(ServerFrame frame) {
    seq++;
    QueueOfferResult result = outbound.offer(TextMessage.create(ServerFrameEncoder.encode(frame, seq)));
    if (result instanceof QueueOfferResult.Dropped$) {
      // The client cannot keep up: close instead of buffering without bound.
      getContext().getLog().info("Closing session of {}: outbound queue full", player.playerId());
      outbound.fail(new SlowConsumer());
    }
    // QueueClosed: the socket is already gone; SocketClosed is on its way to stop this actor.
  }

  private Behavior<Command> onStop() {
    try {
      outbound.complete(); // close the socket if it is still open
    } catch (IllegalStateException alreadyClosed) {
      // the socket closed first: nothing left to close
    }
    return this;
  }

  private static String randomId(String prefix) {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }

  /** The reason a socket is closed when its outbound queue overflows. */
  static final class SlowConsumer extends RuntimeException {
    SlowConsumer() {
      super("client is not reading fast enough", null, false, false);
    }
  }
}
