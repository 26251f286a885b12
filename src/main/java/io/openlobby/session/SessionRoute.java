package io.openlobby.session;

import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.auth.Authentication;
import io.openlobby.auth.ResumeTokens;
import io.openlobby.directory.LobbyFeed;
import io.openlobby.auth.Principal;
import io.openlobby.http.ApiDirectives;
import io.openlobby.session.wire.ClientFrameDecoder;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.scaladsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.model.ws.WebSocketUpgrade;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Graph;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import scala.Option;

/**
 * {@code GET /v1/ws}: the token is checked before the upgrade (401 otherwise); an accepted socket
 * gets its own {@link Session} actor and one {@link SocketStage} between the two: client frames reach
 * the session one at a time (a flooding client is slowed down, not buffered), and the session's
 * frames leave through its bounded {@link Outbox}.
 */
public final class SessionRoute extends ApiDirectives {
  private final ActorSystem<?> system;
  private final Settings settings;
  private final Authentication authentication;
  private final ResumeTokens resumeTokens;
  private final ClientFrameDecoder decoder;
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
    // The Scala DSL's upgrade takes the stage as it is; the Java DSL's handleMessagesWith would
    // wrap it per socket in two frame-converting map stages (Pekko HTTP's upgrade object is both).
    return extractWebSocketUpgrade(
        upgrade ->
            complete(
                ((WebSocketUpgrade) upgrade).handleMessages(socketStage(principal, wanted), Option.empty())));
  }

  /**
   * The socket's handler: one stage, talking to the socket's own Session actor. (Typed as the
   * Scala signature wants it: a Graph's materialized value there is {@code Any}.)
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Graph<FlowShape<Message, Message>, Object> socketStage(
      Principal principal, Optional<Session.Resume> resume) {
    ActorRef<Session.Command> session =
        system.systemActorOf(
            Session.create(principal, deps, resume),
            "session-" + sessionCounter.incrementAndGet(),
            Props.empty());
    return (Graph) new SocketStage(session, decoder, settings.session().maxFrameBytes());
  }
}
