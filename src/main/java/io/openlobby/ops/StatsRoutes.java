package io.openlobby.ops;

import io.openlobby.ErrorCode;
import io.openlobby.http.ApiDirectives;
import io.openlobby.match.QueueKey;
import io.openlobby.match.QueueSizes;
import io.openlobby.player.OnlineCounter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/stats}: {@code playersOnline} from the cluster's Distributed Data counter (eventually
 * consistent, refreshed about once a second) and {@code queues} (waiting players per mode and
 * region) from the queues' Distributed Data map, both read from this node's replica. {@code rooms}
 * is null: no cluster-wide room count is kept yet.
 */
public final class StatsRoutes extends ApiDirectives {
  private final OnlineCounter online;
  private final QueueSizes queues;
  private final Duration askTimeout;

  public StatsRoutes(ActorSystem<?> system, Duration askTimeout) {
    this.online = OnlineCounter.get(system);
    this.queues = QueueSizes.get(system);
    this.askTimeout = askTimeout;
  }

  private record Stats(long online, Map<QueueKey, Integer> queues) {}

  public Route routes() {
    return path(
        PathMatchers.segment("v1").slash("stats"),
        () ->
            get(
                () ->
                    onComplete(
                        online.current(askTimeout).thenCombine(queues.current(askTimeout), Stats::new),
                        result -> {
                          if (result.isFailure()) {
                            return error(ErrorCode.UNAVAILABLE);
                          }
                          Map<String, Object> body = new LinkedHashMap<>();
                          body.put("playersOnline", result.get().online());
                          body.put("rooms", null);
                          body.put(
                              "queues",
                              result.get().queues().entrySet().stream()
                                  .map(
                                      e ->
                                          Map.of(
                                              "mode", e.getKey().mode(),
                                              "region", e.getKey().region(),
                                              "waiting", e.getValue()))
                                  .toList());
                          return json(StatusCodes.OK, body);
                        })));
  }
}
