package io.openlobby.ops;

import io.openlobby.ErrorCode;
import io.openlobby.http.ApiDirectives;
import io.openlobby.player.OnlineCounter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/stats}: {@code playersOnline} from the cluster's Distributed Data counter (eventually
 * consistent, refreshed about once a second). {@code rooms} and {@code queues} come with the lobby
 * index and matchmaking; until then they are null and empty.
 */
public final class StatsRoutes extends ApiDirectives {
  private final OnlineCounter online;
  private final Duration askTimeout;

  public StatsRoutes(ActorSystem<?> system, Duration askTimeout) {
    this.online = OnlineCounter.get(system);
    this.askTimeout = askTimeout;
  }

  public Route routes() {
    return path(
        PathMatchers.segment("v1").slash("stats"),
        () ->
            get(
                () ->
                    onComplete(
                        online.current(askTimeout),
                        result -> {
                          if (result.isFailure()) {
                            return error(ErrorCode.UNAVAILABLE);
                          }
                          Map<String, Object> body = new LinkedHashMap<>();
                          body.put("playersOnline", result.get());
                          body.put("rooms", null);
                          body.put("queues", List.of());
                          return json(StatusCodes.OK, body);
                        })));
  }
}
