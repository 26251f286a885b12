package io.openlobby.session;

import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.auth.Authentication;
import io.openlobby.auth.ResumeTokens;
import io.openlobby.directory.LobbyFeed;
import io.openlobby.auth.Principal;
import io.openlobby.http.ApiDirectives;
import io.openlobby.session.wire.ClientFrame;
import io.openlobby.session.wire.ClientFrameDecoder;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.StreamLimitReachedException;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSink;

/**
 * {@code GET /v1/ws}: the token is checked before the upgrade (401 otherwise); an accepted socket
 * gets its own {@link Session} actor, fed by a backpressured inbound sink (a flooding client is
 * slowed down, not buffered) and writing to a bounded outbound queue.
 */
public final class SessionRoute extends ApiDirectives {
  private final ActorSystem<?> system;
  private final Settings settings;
  private final Authentication authentication;
  private final ResumeTokens resumeTokens;
  private final ClientFrameDecoder decoder;
  private final Materializer materializer;
  private final SessionDeps deps;
  private final AtomicLong sessionCounter = new AtomicLong();

  public SessionRoute(
      ActorSystem<?> system,
      Settings settings,
      Authentication authentication,
      ResumeTokens resumeTokens,
      ActorRef<LobbyFeed.Command> lobbyFeed) {
    this.system = system;
    this.settings = settings;
    this.authentication = authentication;
    this.resumeTokens = resumeTokens;
    this.decoder =
        new ClientFrameDecoder(
            settings.rooms(),
            settings.session().maxFrameBytes(),
            settings.presence().maxWatchesPerSession());
    this.materializer = Materializer.matFromSystem(system);
    this.deps =
        new SessionDeps(
            settings,
            resumeTokens,
            ClusterSharding.get(system),
            lobbyFeed,
            new RoomCalls(ClusterSharding.get(system), settings.askTimeout(), system.ignoreRef()),
            Clock.systemUTC());
  }

  public Route route() {
    return path(
        PathMatchers.segment("v1").slash("ws"),
        () ->
            get(
                () ->
                    authentication.authenticated(
                        principal ->
                            parameterOptional(
                                "resume",
                                resume ->
                                    parameterOptional(
                                        "lastSeq",
                                        lastSeq -> upgrade(principal, resume, lastSeq))))));
  }

  private Route upgrade(Principal principal, Optional<String> resumeToken, Optional<String> lastSeqParam) {
    Optional<Session.Resume> resume = Optional.empty();
    if (resumeToken.isPresent()) {
      long lastSeq;
      try {
        lastSeq = Long.parseLong(lastSeqParam.orElse(""));
      } catch (NumberFormatException e) {
        lastSeq = -1;
      }
      if (lastSeq < 0) {
        return error(ErrorCode.BAD_REQUEST, "resume needs lastSeq, the seq of the last frame received (0 or more)");
      }
      long seq = lastSeq;
      // A token of another player, or a forged one, is not an error: the client just starts afresh.
      resume =
          resumeTokens
              .sessionOf(principal.playerId(), resumeToken.get())
              .map(sessionId -> new Session.Resume(sessionId, seq));
    }
    Optional<Session.Resume> wanted = resume;
    return extractWebSocketUpgrade(
        upgrade -> complete(upgrade.handleMessagesWith(socketFlow(principal, wanted))));
  }

  private Flow<Message, Message, NotUsed> socketFlow(Principal principal, Optional<Session.Resume> resume) {
    ActorRef<Session.Command> session =
        system.systemActorOf(
            Session.create(principal, deps, resume),
            "session-" + sessionCounter.incrementAndGet(),
            Props.empty());
    // The outbound queue is created when the socket's stream starts, inside that stream: no second
    // stream per socket. One slot more than the limit, for the closing frame of a slow client.
    Source<Message, NotUsed> outbound =
        Source.<Message>queue(settings.session().outboundBuffer() + 1)
            .mapMaterializedValue(
                queue -> {
                  session.tell(new Session.SocketOpened(queue));
                  return NotUsed.getInstance();
                });
    Sink<ClientFrame, NotUsed> toSession =
        ActorSink.actorRefWithBackpressure(
            session,
            Session.Inbound::new,
            Session.Connected::new,
            Session.Ack.INSTANCE,
            new Session.SocketClosed(),
            Session.SocketFailed::new);
    Sink<Message, NotUsed> inbound =
        Flow.<Message>create().mapAsync(1, this::decode).to(toSession);
    return Flow.fromSinkAndSourceCoupled(inbound, outbound);
  }

  /** One client message to one decoded frame; streamed texts are collected up to the frame cap. */
  private CompletionStage<ClientFrame> decode(Message message) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      return CompletableFuture.completedFuture(
          new ClientFrame.Rejected(null, ErrorCode.BAD_REQUEST, "Only text frames are accepted"));
    }
    TextMessage text = message.asTextMessage();
    if (text.isStrict()) {
      return CompletableFuture.completedFuture(decoder.decode(text.getStrictText()));
    }
    int max = settings.session().maxFrameBytes();
    return text.getStreamedText()
        .limitWeighted(max, s -> (long) s.length())
        .runFold(new StringBuilder(), StringBuilder::append, materializer)
        .handle(
            (sb, failure) -> {
              if (failure == null) {
                return decoder.decode(sb.toString());
              }
              Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
              return cause instanceof StreamLimitReachedException
                  ? new ClientFrame.Rejected(
                      null, ErrorCode.PAYLOAD_TOO_LARGE, "Frames are limited to " + max + " characters")
                  : new ClientFrame.Rejected(null, ErrorCode.BAD_REQUEST, "The frame could not be read");
            });
  }
}
