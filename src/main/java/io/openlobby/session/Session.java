package io.openlobby.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.CborSerializable;
import io.openlobby.ErrorCode;
import io.openlobby.TimerWheel;
import io.openlobby.auth.Principal;
import io.openlobby.directory.LobbyCursor;
import io.openlobby.directory.LobbyFeed;
import io.openlobby.directory.LobbyFilter;
import io.openlobby.directory.LobbyIndex;
import io.openlobby.player.Player;
import io.openlobby.player.PresenceStatus;
import io.openlobby.player.PresenceView;
import io.openlobby.match.MatchNotice;
import io.openlobby.match.Queue;
import io.openlobby.ops.Metrics;
import io.openlobby.room.Room;
import io.openlobby.room.RoomEventView;
import io.openlobby.room.RoomView;
import io.openlobby.session.wire.ClientFrame;
import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.WirePresence;
import io.openlobby.session.wire.WireRoomSummary;
import io.openlobby.session.wire.WireRoom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * One actor per session, on the node that holds its socket. It numbers every frame with the
 * session's {@code seq} and keeps the recent ones for a resume; it outlives its socket for the grace
 * period, so that a reconnect (on any node) takes it over without anyone seeing the player go
 * offline. It re-attaches to its Player entity at every heartbeat (from the node's one {@link
 * TimerWheel}), and closes a client that has been silent for two heartbeats or cannot keep up.
 */
public final class Session extends AbstractBehavior<Session.Command> {

  public sealed interface Command {}

  /** A client frame from the socket; the next one comes after the socket's ack. */
  public record Inbound(ClientFrame frame) implements Command {}

  /** The socket's stream has started: frames can go out, and client frames come once acked. */
  public record SocketOpened(SocketStage.Socket socket) implements Command {}

  /** The socket's stream has ended, however it ended. */
  public record SocketClosed() implements Command {}

  /** The socket took frames since the session asked ({@code SocketStage.Socket#wakeOnTake}). */
  public record SocketTook() implements Command {
    static final SocketTook INSTANCE = new SocketTook();
  }

  /** From a watched Player entity. */
  public record PresenceUpdate(PresenceView view) implements Command, CborSerializable {}

  /** A watched player's answer to presence.watch request {@code request}: view or refusal code. */
  public record WatchResult(long request, String playerId, PresenceView view, String refused)
      implements Command, CborSerializable {}

  /**
   * The Player entity of {@code playerId} is moving to another node: attach again if it is this
   * session's player, watch again if it is a watched one.
   */
  public record RegisterAgain(String playerId) implements Command, CborSerializable {}

  /** A room event for this session's player, from its Player entity. */
  public record RoomEvent(RoomEventView event) implements Command, CborSerializable {}

  /** A matchmaking notice for this session's player (match.status, match.found). */
  public record Match(MatchNotice notice) implements Command, CborSerializable {}

  /** A coalesced lobby diff from the node's feed: the frame after its seq, shared by sessions. */
  public record LobbyUpdate(String mode, long version, String tail) implements Command {}

  /** A resumed connection's new session asks for this session's state and frames. */
  public record HandOver(long lastSeq, ActorRef<HandOverReply> replyTo)
      implements Command, CborSerializable {}

  public sealed interface HandOverReply extends CborSerializable {}

  /** Everything a session needs to continue: its frames from {@code firstSeq} to {@code seq}. */
  public record HandedOver(
      long firstSeq,
      List<String> frames,
      long seq,
      List<String> watched,
      PresenceStatus chosen,
      String activity,
      String roomId,
      Map<String, LobbyFilter> lobby)
      implements HandOverReply {}

  /** The frames after lastSeq are no longer all held, or the session is ending. */
  public record HandOverRefused() implements HandOverReply {}

  /** The new session has taken over; the old one stops without telling anyone it left. */
  public record Release() implements Command, CborSerializable {}

  private record HeartbeatDue(long generation) implements Command {}

  private record GraceOver(long generation) implements Command {}

  private record Replied(JsonNode re, Object value, Throwable failure, Kind kind) implements Command {}

  private enum Kind {
    ROOM,
    ROOM_ACTION,
    ROOM_LEAVE,
    PRESENCE_SET
  }

  private record LobbyPaged(JsonNode re, String mode, LobbyIndex.Page page, Throwable failure)
      implements Command {}

  private record WatchTimedOut(long request) implements Command {}

  private record ResumeFound(Optional<ActorRef<Command>> old) implements Command {}

  private record ResumeAnswered(HandOverReply reply, ActorRef<Command> old) implements Command {}

  private record ResumeAttached(HandedOver state, ActorRef<Command> old) implements Command {}

  /** What a resuming connection asked for. */
  public record Resume(String sessionId, long lastSeq) {}

  private final Principal player;
  private final SessionDeps deps;
  private final TimerWheel wheel;
  private final Outbox outbox; // seq, replay buffer and the socket
  private long lastSeqWanted; // of a resume under way
  private String sessionId;
  private long lastInbound;
  private long generation; // of heartbeat and grace deadlines; bumped when they no longer apply
  private boolean ackOwed; // the socket waits for the first ack until the resume is settled
  private boolean ready; // welcome sent (fresh or resumed)
  private boolean handingOver;
  private PresenceStatus chosen = PresenceStatus.ONLINE;
  private String activity;
  private WatchList watches; // allocated on the first watch
  private LobbySubscriptions lobby; // allocated on the first lobby.subscribe
  /** The room this session's player is in, as far as this session knows (Player entity: later). */
  private String currentRoomId;
  private String ticketId; // the player's live ticket as the last match notice said

  public static Behavior<Command> create(Principal player, SessionDeps deps, Optional<Resume> resume) {
    return Behaviors.setup(ctx -> new Session(ctx, player, deps, resume));
  }

  private Session(
      ActorContext<Command> ctx,
      Principal player,
      SessionDeps deps,
      Optional<Resume> resume) {
    super(ctx);
    this.player = player;
    this.deps = deps;
    this.wheel = TimerWheel.get(ctx.getSystem());
    this.outbox =
        new Outbox(deps.settings().session().outboundBuffer(), deps.settings().session().replayFrames());
    this.lastInbound = deps.clock().millis();
    if (resume.isPresent()) {
      askPlayer(resume.get());
    } else {
      startFresh();
    }
  }

  /**
   * One case for every message: a receive builder with a case per message type is built per actor
   * instance (its cases and bound method references, ~0.9 KB) and kept for the session's life.
   */
  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onAnyMessage(this::onCommand).build();
  }

  /** Java 17 has no pattern switch: the one dispatch over Command, the frequent ones first. */
  private Behavior<Command> onCommand(Command m) {
    if (m instanceof SocketTook) {
      return onSocketTook();
    } else if (m instanceof Inbound i) {
      return onInbound(i);
    } else if (m instanceof LobbyUpdate u) {
      return onLobbyUpdate(u);
    } else if (m instanceof HeartbeatDue h) {
      return onHeartbeat(h);
    } else if (m instanceof PresenceUpdate p) {
      return onPresenceUpdate(p);
    } else if (m instanceof RoomEvent e) {
      return onRoomEvent(e);
    } else if (m instanceof Match x) {
      return onMatch(x);
    } else if (m instanceof Replied r) {
      return onReplied(r);
    } else if (m instanceof WatchResult w) {
      return onWatchResult(w);
    } else if (m instanceof WatchTimedOut t) {
      return onWatchTimedOut(t);
    } else if (m instanceof RegisterAgain a) {
      return onRegisterAgain(a);
    } else if (m instanceof LobbyPaged l) {
      return onLobbyPaged(l);
    } else if (m instanceof SocketOpened o) {
      return onSocketOpened(o);
    } else if (m instanceof SocketClosed) {
      return onSocketGone();
    } else if (m instanceof GraceOver g) {
      return onGraceOver(g);
    } else if (m instanceof HandOver h) {
      return onHandOver(h);
    } else if (m instanceof Release) {
      return Behaviors.stopped();
    } else if (m instanceof ResumeFound f) {
      return onResumeFound(f);
    } else if (m instanceof ResumeAnswered a) {
      return onResumeAnswered(a);
    } else if (m instanceof ResumeAttached a) {
      return onResumeAttached(a);
    }
    return Behaviors.unhandled();
  }

  // ---- start: fresh or resumed -------------------------------------------------------------

  private void startFresh() {
    sessionId = SessionIds.next("s-");
    send(welcome(false));
    becomeReady();
  }

  private ServerFrame.Welcome welcome(boolean resumed) {
    return new ServerFrame.Welcome(
        player.playerId(),
        sessionId,
        deps.resumeTokens().issue(player.playerId(), sessionId),
        deps.clock().millis(),
        deps.settings().session().heartbeat().toMillis(),
        resumed);
  }

  private void askPlayer(Resume resume) {
    sessionId = resume.sessionId();
    CompletionStage<Optional<ActorRef<Command>>> found =
        playerRef(player.playerId())
            .ask(r -> new Player.FindSession(resume.sessionId(), r), deps.settings().askTimeout());
    getContext()
        .pipeToSelf(
            found,
            (old, failure) ->
                new ResumeFound(failure == null ? old : Optional.empty()));
    this.lastSeqWanted = resume.lastSeq();
  }

  private Behavior<Command> onResumeFound(ResumeFound m) {
    if (m.old().isEmpty() || m.old().get().equals(getContext().getSelf())) {
      startFresh();
      return this;
    }
    ActorRef<Command> old = m.old().get();
    getContext()
        .ask(
            HandOverReply.class,
            old,
            deps.settings().askTimeout(),
            r -> new HandOver(lastSeqWanted, r),
            (reply, failure) -> new ResumeAnswered(failure == null ? reply : new HandOverRefused(), old));
    return this;
  }

  private Behavior<Command> onResumeAnswered(ResumeAnswered m) {
    if (!(m.reply() instanceof HandedOver state)) {
      startFresh();
      return this;
    }
    // Attach before the old session goes, so the Player never sees zero sessions in between.
    CompletionStage<Done> attached =
        playerRef(player.playerId())
            .ask(
                r -> new Player.Attach(sessionId, getContext().getSelf(), state.chosen(), state.activity(), Optional.of(r)),
                deps.settings().askTimeout());
    getContext().pipeToSelf(attached, (done, failure) -> new ResumeAttached(state, m.old()));
    return this;
  }

  private Behavior<Command> onResumeAttached(ResumeAttached m) {
    HandedOver state = m.state();
    chosen = state.chosen();
    activity = state.activity();
    currentRoomId = state.roomId();
    // The client has everything up to lastSeq: the rest goes to the socket first.
    outbox.restore(state.firstSeq(), state.frames(), state.seq(), lastSeqWanted);
    m.old().tell(new Release());
    send(welcome(true));
    if (!state.watched().isEmpty()) {
      watches = new WatchList();
      watches.restore(state.watched());
      for (String id : state.watched()) {
        playerRef(id).tell(new Player.Watch(getContext().getSelf(), 0));
      }
    }
    // Lobby subscriptions move to this node's feed; a fresh snapshot per mode closes any gap.
    state.lobby().forEach((mode, filter) -> lobbySubscribe(null, mode, filter));
    becomeReady();
    return this;
  }

  private void becomeReady() {
    ready = true;
    attachToPlayer();
    scheduleHeartbeat(randomFirstDelay());
    if (ackOwed) {
      outbox.ackInbound();
      ackOwed = false;
    }
  }

  // ---- client frames -----------------------------------------------------------------------

  private Behavior<Command> onInbound(Inbound in) {
    lastInbound = deps.clock().millis();
    ClientFrame frame = in.frame();
    if (!handingOver) {
      dispatch(frame);
    }
    outbox.ackInbound();
    return this;
  }

  /** Java 17 has no pattern switch; this chain is the one dispatch over the sealed ClientFrame. */
  private void dispatch(ClientFrame frame) {
    if (frame instanceof ClientFrame.Ping p) {
      send(new ServerFrame.Pong(p.rid()));
    } else if (frame instanceof ClientFrame.PresenceSet p) {
      presenceSet(p);
    } else if (frame instanceof ClientFrame.PresenceWatch w) {
      presenceWatch(w);
    } else if (frame instanceof ClientFrame.PresenceUnwatch u) {
      presenceUnwatch(u);
    } else if (frame instanceof ClientFrame.LobbySubscribe l) {
      lobbySubscribe(l.rid(), l.mode(), l.filter());
    } else if (frame instanceof ClientFrame.LobbyUnsubscribe l) {
      lobbyUnsubscribe(l);
    } else if (frame instanceof ClientFrame.RoomCreate c) {
      roomCreate(c);
    } else if (frame instanceof ClientFrame.RoomJoin j) {
      roomJoin(j);
    } else if (frame instanceof ClientFrame.RoomLeave l) {
      roomLeave(l);
    } else if (frame instanceof ClientFrame.RoomReady r) {
      inRoom(r.rid(), replyTo -> new Room.SetReady(player.playerId(), r.ready(), replyTo));
    } else if (frame instanceof ClientFrame.RoomKick k) {
      inRoom(k.rid(), replyTo -> new Room.Kick(player.playerId(), k.playerId(), replyTo));
    } else if (frame instanceof ClientFrame.RoomChat c) {
      inRoom(c.rid(), replyTo -> new Room.Chat(player.playerId(), c.text(), replyTo));
    } else if (frame instanceof ClientFrame.RoomStart st) {
      inRoom(st.rid(), replyTo -> new Room.Start(player.playerId(), replyTo));
    } else if (frame instanceof ClientFrame.MatchAnswer a) {
      matchAnswer(a);
    } else if (frame instanceof ClientFrame.Rejected r) {
      sendError(r.rid(), r.code(), r.message());
    }
  }

  // ---- presence ----------------------------------------------------------------------------

  private void presenceSet(ClientFrame.PresenceSet p) {
    CompletionStage<PresenceView> reply =
        playerRef(player.playerId())
            .askWithStatus(
                r -> new Player.SetPresence(sessionId, getContext().getSelf(), p.status(), p.activity(), r),
                deps.settings().askTimeout());
    pipe(reply, p.rid(), Kind.PRESENCE_SET);
  }

  private void presenceWatch(ClientFrame.PresenceWatch w) {
    if (watches == null) {
      watches = new WatchList();
    }
    int cap = deps.settings().presence().maxWatchesPerSession();
    if (watches.size() + watches.countNew(w.playerIds()) > cap) {
      sendError(w.rid(), ErrorCode.WATCH_LIMIT, "A session watches at most " + cap + " players");
      return;
    }
    long request = watches.begin(w.rid(), w.playerIds());
    for (String id : w.playerIds()) {
      playerRef(id).tell(new Player.Watch(getContext().getSelf(), request));
    }
    wheel.schedule(deps.settings().askTimeout(), getContext().getSelf(), new WatchTimedOut(request));
  }

  private Behavior<Command> onWatchResult(WatchResult m) {
    if (watches != null) {
      sendIfDone(
          watches.answered(
              m.request(), m.playerId(), m.view() == null ? null : WirePresence.of(m.view()), m.refused()));
    }
    return this;
  }

  /** Players that did not answer in time are listed as refused (unavailable): the client may retry. */
  private Behavior<Command> onWatchTimedOut(WatchTimedOut m) {
    if (watches != null) {
      sendIfDone(watches.expire(m.request(), ErrorCode.UNAVAILABLE.wire()));
    }
    return this;
  }

  private void sendIfDone(ServerFrame.PresenceSnapshot snapshot) {
    if (snapshot != null) {
      send(snapshot);
    }
  }

  private void presenceUnwatch(ClientFrame.PresenceUnwatch u) {
    if (watches != null) {
      watches.remove(u.playerIds());
    }
    for (String id : u.playerIds()) {
      playerRef(id).tell(new Player.Unwatch(getContext().getSelf()));
    }
    send(new ServerFrame.Ok(u.rid()));
  }

  private Behavior<Command> onRegisterAgain(RegisterAgain m) {
    if (!ready) {
      return this;
    }
    if (m.playerId().equals(player.playerId())) {
      attachToPlayer();
    }
    if (watches != null && watches.contains(m.playerId())) {
      playerRef(m.playerId()).tell(new Player.Watch(getContext().getSelf(), 0));
    }
    return this;
  }

  private Behavior<Command> onPresenceUpdate(PresenceUpdate m) {
    if (watches != null && watches.contains(m.view().playerId())) {
      send(ServerFrame.Presence.of(m.view()));
    }
    return this;
  }

  // ---- lobby -------------------------------------------------------------------------------

  /** Registers with the node's feed first, then asks for the snapshot: no diff falls between. */
  private void lobbySubscribe(JsonNode rid, String mode, LobbyFilter filter) {
    if (lobby == null) {
      lobby = new LobbySubscriptions();
    }
    lobby.subscribe(mode, filter);
    deps.lobbyFeed().tell(new LobbyFeed.Subscribe(mode, filter, getContext().getSelf()));
    CompletionStage<LobbyIndex.Page> page =
        deps.sharding()
            .entityRefFor(LobbyIndex.ENTITY_KEY, mode)
            .ask(
                r -> new LobbyIndex.Query(filter, Optional.empty(), deps.settings().listing().snapshotLimit(), r),
                deps.settings().askTimeout());
    getContext().pipeToSelf(page, (p, failure) -> new LobbyPaged(rid, mode, p, failure));
  }

  private Behavior<Command> onLobbyPaged(LobbyPaged m) {
    if (m.failure() != null) {
      lobby.unsubscribe(m.mode());
      deps.lobbyFeed().tell(new LobbyFeed.Unsubscribe(m.mode(), getContext().getSelf()));
      sendError(m.re(), ErrorCode.ofFailure(m.failure()), "The lobby cannot be read right now");
      return this;
    }
    send(
        new ServerFrame.LobbySnapshot(
            m.re(),
            m.mode(),
            m.page().rooms().stream().map(WireRoomSummary::of).toList(),
            m.page().nextCursor().map(LobbyCursor::encode).orElse(null)));
    for (String tail : lobby.snapshotArrived(m.mode(), m.page().version())) {
      outbox.sendLobbyUpdate(m.mode(), tail);
    }
    return this;
  }

  private Behavior<Command> onLobbyUpdate(LobbyUpdate m) {
    if (lobby == null) {
      return this;
    }
    switch (lobby.diffArrived(m.mode(), m.version(), m.tail())) {
      case SEND -> outbox.sendLobbyUpdate(m.mode(), m.tail());
      case RESNAPSHOT -> lobbySubscribe(null, m.mode(), lobby.filter(m.mode())); // fresh snapshot
      case HOLD, DROP -> {}
    }
    return this;
  }

  private void lobbyUnsubscribe(ClientFrame.LobbyUnsubscribe l) {
    if (lobby != null && lobby.unsubscribe(l.mode())) {
      deps.lobbyFeed().tell(new LobbyFeed.Unsubscribe(l.mode(), getContext().getSelf()));
    }
    send(new ServerFrame.Ok(l.rid()));
  }

  // ---- rooms -------------------------------------------------------------------------------

  private Behavior<Command> onRoomEvent(RoomEvent m) {
    RoomEventView e = m.event();
    if ("kicked".equals(e.event()) && player.playerId().equals(e.playerId())) {
      currentRoomId = null;
    }
    send(ServerFrame.RoomEvent.of(e));
    return this;
  }

  // ---- matchmaking -------------------------------------------------------------------------

  private Behavior<Command> onMatch(Match m) {
    MatchNotice notice = m.notice();
    if (notice instanceof MatchNotice.Found found) {
      ticketId = null;
      currentRoomId = found.roomId();
      send(ServerFrame.MatchFound.of(found));
    } else if (notice instanceof MatchNotice.Status status) {
      ticketId = status.status().live() ? status.ticketId() : null;
      send(ServerFrame.MatchStatus.of(status));
    }
    return this;
  }

  private void matchAnswer(ClientFrame.MatchAnswer a) {
    Optional<EntityRef<Queue.Command>> queue = Queue.ofTicket(deps.sharding(), a.ticketId());
    if (queue.isEmpty()) {
      sendError(a.rid(), ErrorCode.TICKET_NOT_FOUND, ErrorCode.TICKET_NOT_FOUND.defaultMessage());
      return;
    }
    pipe(
        queue.get()
            .askWithStatus(
                (ActorRef<StatusReply<Done>> r) -> new Queue.Answer(a.ticketId(), player.playerId(), a.accept(), r),
                deps.settings().askTimeout()),
        a.rid(),
        Kind.ROOM_ACTION);
  }

  private void roomCreate(ClientFrame.RoomCreate c) {
    String roomId = SessionIds.next("r-");
    pipe(
        deps.roomCalls()
            .create(
                player.playerId(),
                roomId,
                replyTo ->
                    new Room.Create(
                        player.playerId(), player.name(), c.mode(), c.name(), deps.settings().region(),
                        c.maxPlayers(), c.isPrivate(), c.attributes(), replyTo)),
        c.rid(),
        Kind.ROOM);
  }

  private void roomJoin(ClientFrame.RoomJoin j) {
    RoomCalls calls = deps.roomCalls();
    CompletionStage<String> roomId =
        j.roomId() != null
            ? CompletableFuture.completedFuture(j.roomId())
            : calls.roomOfCode(j.joinCode());
    pipe(
        roomId.thenCompose(
            id ->
                calls.join(
                    player.playerId(),
                    id,
                    replyTo -> new Room.Join(player.playerId(), player.name(), j.joinCode(), replyTo))),
        j.rid(),
        Kind.ROOM);
  }

  private void roomLeave(ClientFrame.RoomLeave l) {
    pipe(deps.roomCalls().leave(player.playerId(), currentRoomId), l.rid(), Kind.ROOM_LEAVE);
  }

  /** A command to the room this session's player is in, answered with ok. */
  private void inRoom(JsonNode rid, Function<ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    pipe(deps.roomCalls().act(player.playerId(), currentRoomId, command), rid, Kind.ROOM_ACTION);
  }

  private void pipe(CompletionStage<?> reply, JsonNode re, Kind kind) {
    getContext().pipeToSelf(reply, (value, failure) -> new Replied(re, value, failure, kind));
  }

  private Behavior<Command> onReplied(Replied r) {
    if (r.failure() != null) {
      ErrorCode code = ErrorCode.ofFailure(r.failure());
      sendError(r.re(), code, code.defaultMessage());
      if (r.kind() == Kind.ROOM_LEAVE && code == ErrorCode.NOT_IN_ROOM) {
        currentRoomId = null;
      }
      return this;
    }
    switch (r.kind()) {
      case ROOM -> {
        RoomView view = (RoomView) r.value();
        currentRoomId = view.roomId();
        attachToPlayer(); // the Player learns the room, for host hand-on when the player goes away
        send(new ServerFrame.RoomState(r.re(), WireRoom.of(view, player.playerId())));
      }
      case ROOM_LEAVE -> {
        currentRoomId = null;
        send(new ServerFrame.Ok(r.re()));
      }
      case ROOM_ACTION -> send(new ServerFrame.Ok(r.re()));
      case PRESENCE_SET -> {
        PresenceView view = (PresenceView) r.value();
        chosen = view.status() == PresenceStatus.IN_GAME ? chosen : view.status();
        activity = view.activity();
        send(new ServerFrame.Ok(r.re()));
      }
    }
    return this;
  }

  // ---- heartbeat, grace, hand-over -----------------------------------------------------------

  private Duration randomFirstDelay() {
    long hb = deps.settings().session().heartbeat().toMillis();
    return Duration.ofMillis(hb / 2 + ThreadLocalRandom.current().nextLong(hb / 2 + 1));
  }

  private void scheduleHeartbeat(Duration delay) {
    wheel.schedule(delay, getContext().getSelf(), new HeartbeatDue(generation));
  }

  private Behavior<Command> onHeartbeat(HeartbeatDue m) {
    if (m.generation() != generation || !outbox.hasSocket() || handingOver) {
      return this;
    }
    Duration heartbeat = deps.settings().session().heartbeat();
    if (deps.clock().millis() - lastInbound > 2 * heartbeat.toMillis()) {
      closeSocket("silent", 0); // the client sent nothing for two heartbeats
      return this;
    }
    attachToPlayer();
    if (watches != null) {
      for (String id : watches.nextToRefresh(deps.settings().session().rewatchPerHeartbeat())) {
        playerRef(id).tell(new Player.Watch(getContext().getSelf(), 0));
      }
    }
    scheduleHeartbeat(heartbeat);
    return this;
  }

  private void attachToPlayer() {
    playerRef(player.playerId())
        .tell(
            new Player.Attach(
                sessionId, getContext().getSelf(), chosen, activity, Optional.empty(), player.name(),
                ticketId, currentRoomId));
  }

  private Behavior<Command> onSocketGone() {
    if (outbox.hasSocket()) {
      Metrics.get(getContext().getSystem()).socketClosed();
    }
    outbox.detach();
    if (handingOver) {
      return this; // waiting for Release
    }
    generation++;
    wheel.schedule(deps.settings().presence().grace(), getContext().getSelf(), new GraceOver(generation));
    return this;
  }

  private Behavior<Command> onGraceOver(GraceOver m) {
    if (m.generation() != generation || outbox.hasSocket()) {
      return this;
    }
    // Also when a hand-over was never confirmed: the session ends normally.
    playerRef(player.playerId()).tell(new Player.Detach(sessionId, getContext().getSelf()));
    if (watches != null) {
      for (String id : watches.all()) {
        playerRef(id).tell(new Player.Unwatch(getContext().getSelf()));
      }
    }
    return Behaviors.stopped();
  }

  private Behavior<Command> onHandOver(HandOver m) {
    Optional<List<String>> missed = outbox.framesAfter(m.lastSeq());
    if (missed.isEmpty() || !ready || handingOver) {
      m.replyTo().tell(new HandOverRefused());
      return this;
    }
    m.replyTo()
        .tell(
            new HandedOver(
                outbox.firstSeq(), outbox.held(), outbox.seq(),
                watches == null ? List.of() : watches.all(), chosen, activity, currentRoomId,
                lobby == null ? Map.of() : lobby.filters()));
    handingOver = true;
    outbox.closeQuietly(); // an old socket the client already gave up on
    // If Release never comes, end after the grace period as if the socket had just closed.
    generation++;
    wheel.schedule(deps.settings().presence().grace(), getContext().getSelf(), new GraceOver(generation));
    return this;
  }

  // ---- output ------------------------------------------------------------------------------

  private void sendError(JsonNode re, ErrorCode code, String message) {
    send(new ServerFrame.Error(re, code.wire(), message, code.retryable()));
  }

  private void send(ServerFrame frame) {
    outbox.send(frame);
  }

  private Behavior<Command> onSocketOpened(SocketOpened m) {
    Metrics.get(getContext().getSystem()).socketOpened();
    outbox.attach(m.socket());
    if (ready) {
      outbox.ackInbound();
    } else {
      ackOwed = true; // client frames wait until the resume is settled
    }
    return this;
  }

  private Behavior<Command> onSocketTook() {
    outbox.socketTook();
    return this;
  }

  /** Sends the closing frame and closes the socket; what follows waits for a resume. */
  private void closeSocket(String reason, long retryAfterMs) {
    outbox.close(reason, retryAfterMs);
  }

  private EntityRef<Player.Command> playerRef(String playerId) {
    return deps.sharding().entityRefFor(Player.ENTITY_KEY, playerId);
  }
}
