package io.openlobby.ops;

import io.openlobby.http.ApiDirectives;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /metrics}: this node's meters in the Prometheus text format (no token, like health). */
public final class MetricsRoutes extends ApiDirectives {
  private final Metrics metrics;

  public MetricsRoutes(ActorSystem<?> system) {
    this.metrics = Metrics.get(system);
  }

  public Route routes() {
    return path(
        "metrics",
        () ->
            get(
                () ->
                    complete(
                        HttpResponse.create()
                            .withStatus(StatusCodes.OK)
                            .withEntity(
                                HttpEntities.create(
                                    ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape())))));
  }
}
