package io.openlobby.player;

import io.openlobby.ErrorCode;
import io.openlobby.auth.Authentication;
import io.openlobby.http.ApiDirectives;
import io.openlobby.session.wire.WirePresence;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/players/{playerId}/presence}: a player's presence as the caller may see it (an
 * invisible player is offline to everyone but itself). Any id answers: a player nobody has seen is
 * offline.
 */
public final class PlayerRoutes extends ApiDirectives {
  private final ClusterSharding sharding;
  private final Authentication authentication;
  private final Duration askTimeout;

  public PlayerRoutes(ActorSystem<?> system, Authentication authentication, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.authentication = authentication;
    this.askTimeout = askTimeout;
  }

  public Route routes() {
    return path(
        PathMatchers.segment("v1").slash("players").slash(PathMatchers.segment()).slash("presence"),
        playerId ->
            get(
                () ->
                    authentication.authenticated(
                        principal -> {
                          if (playerId.isEmpty() || playerId.length() > 128) {
                            return error(ErrorCode.BAD_REQUEST, "playerId must be 1 to 128 characters");
                          }
                          boolean self = principal.playerId().equals(playerId);
                          CompletionStage<PresenceView> view =
                              sharding
                                  .entityRefFor(Player.ENTITY_KEY, playerId)
                                  .ask(r -> new Player.GetPresence(self, r), askTimeout);
                          return onComplete(
                              view,
                              result ->
                                  result.isSuccess()
                                      ? json(StatusCodes.OK, WirePresence.of(result.get()))
                                      : error(ErrorCode.ofFailure(result.failed().get())));
                        })));
  }
}
