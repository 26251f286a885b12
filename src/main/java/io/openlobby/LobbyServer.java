package io.openlobby;

import io.openlobby.auth.AuthRoutes;
import io.openlobby.auth.Authentication;
import io.openlobby.auth.ResumeTokens;
import io.openlobby.auth.TokenService;
import io.openlobby.directory.LobbyFeed;
import io.openlobby.directory.LobbyRoutes;
import io.openlobby.http.ApiRoutes;
import io.openlobby.match.MatchmakingRoutes;
import io.openlobby.ops.HealthRoutes;
import io.openlobby.ops.Metrics;
import io.openlobby.ops.Readiness;
import io.openlobby.ops.MetricsRoutes;
import io.openlobby.ops.StatsRoutes;
import io.openlobby.player.PlayerRoutes;
import io.openlobby.room.RoomRoutes;
import io.openlobby.session.SessionRoute;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import com.typesafe.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one node: the actor system (cluster, entities) and the HTTP/WebSocket edge, with the
 * binding drained and closed by CoordinatedShutdown. Used by {@link Main} and by the tests.
 */
public final class LobbyServer {
  private static final Logger log = LoggerFactory.getLogger(LobbyServer.class);

  /** A started node. */
  public record Running(ActorSystem<Void> system, ServerBinding binding, Settings settings) {
    public InetSocketAddress address() {
      return binding.localAddress();
    }

    public CompletionStage<Done> stop() {
      return CoordinatedShutdown.get(system).runAll(CoordinatedShutdown.unknownReason());
    }
  }

  private LobbyServer() {}

  /**
   * Validates the settings (throws {@link Settings.Invalid} with every problem) and starts the node.
   */
  public static CompletionStage<Running> start(Config config) {
    Settings settings = Settings.fromConfig(config);
    TokenService tokens = new TokenService(settings.auth(), Clock.systemUTC());
    ActorSystem<Void> system = ActorSystem.create(Guardian.create(settings), "openlobby", config);
    if (settings.auth().usesDevSecret()) {
      log.warn(
          "Tokens are signed with the development secret from application.conf; set LOBBY_JWT_SECRET");
    }
    Authentication authentication = new Authentication(tokens);
    Route routes =
        ApiRoutes.compose(
            Metrics.get(system),
            new HealthRoutes(new Readiness(system, config.getString("lobby.cassandra.keyspace")))
                .routes(),
            new AuthRoutes(settings.auth(), tokens).routes(),
            new SessionRoute(
                    system,
                    settings,
                    authentication,
                    new ResumeTokens(settings.auth().hs256Secret()),
                    system.systemActorOf(LobbyFeed.create(), "lobby-feed", HotActors.DISPATCHER))
                .route(),
            new LobbyRoutes(system, authentication, settings.listing(), settings.askTimeout()).routes(),
            new PlayerRoutes(system, authentication, settings.askTimeout()).routes(),
            new StatsRoutes(system, settings.askTimeout()).routes(),
            new MetricsRoutes(system).routes(),
            new RoomRoutes(system, authentication, settings.askTimeout()).routes(),
            new MatchmakingRoutes(system, authentication, settings).routes());
    return Http.get(system)
        .newServerAt(settings.http().host(), settings.http().port())
        .bind(routes)
        .thenApply(
            binding -> {
              binding.addToCoordinatedShutdown(settings.http().shutdownDrain(), system);
              log.info("OpenLobby listening on http://{}", binding.localAddress());
              return new Running(system, binding, settings);
            })
        .whenComplete(
            (running, failure) -> {
              if (failure != null) {
                system.terminate();
              }
            });
  }
}
