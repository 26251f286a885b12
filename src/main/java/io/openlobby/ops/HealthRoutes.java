package io.openlobby.ops;

import io.openlobby.ErrorCode;
import io.openlobby.http.ApiDirectives;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code GET /health/live} (the process answers) and {@code GET /health/ready} (it can serve). */
public final class HealthRoutes extends ApiDirectives {
  private final Readiness readiness;

  public HealthRoutes(Readiness readiness) {
    this.readiness = readiness;
  }

  public Route routes() {
    return pathPrefix(
        "health",
        () ->
            get(
                () ->
                    concat(
                        path("live", () -> json(StatusCodes.OK, Map.of("status", "alive"))),
                        path(
                            "ready",
                            () ->
                                onSuccess(
                                    readiness.check(),
                                    status ->
                                        status.ready()
                                            ? json(
                                                StatusCodes.OK,
                                                Map.of("status", "ready", "detail", status.detail()))
                                            : error(ErrorCode.UNAVAILABLE, status.detail()))))));
  }
}
