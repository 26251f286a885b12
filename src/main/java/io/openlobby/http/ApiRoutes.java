package io.openlobby.http;

import io.openlobby.ErrorCode;
import io.openlobby.ops.Metrics;
import java.util.Arrays;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Composes the route groups and maps every rejection and exception to the contract's error body
 * ({@code {"code","message"}}), so that no bad input is answered with a bare text page or a 500,
 * and times every request from routing to response ({@link Metrics#requestTook}).
 */
public final class ApiRoutes extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

  public static Route compose(Metrics metrics, Route... groups) {
    ApiRoutes api = new ApiRoutes();
    Route sealed = api.sealed(groups);
    return api.extractRequest(
        request -> {
          long start = System.nanoTime();
          return api.mapResponse(
              response -> {
                metrics.requestTook(request.method().name(), response.status().intValue(), start);
                return response;
              },
              () -> sealed);
        });
  }

  private Route sealed(Route... groups) {
    return handleExceptions(
        exceptions(), () -> handleRejections(rejections(), () -> concat(groups[0], Arrays.copyOfRange(groups, 1, groups.length))));
  }

  private RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rejections ->
                complete(
                    ApiDirectives.errorResponse(
                            ErrorCode.BAD_REQUEST, "Method not allowed here")
                        .withStatus(405)))
        .handleNotFound(
            complete(ApiDirectives.errorResponse(ErrorCode.NOT_FOUND, "No such path")))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(ApiRoutes::asErrorBody);
  }

  /** Pekko's default rejections answer in plain text; rewrite them into the error body. */
  private static HttpResponse asErrorBody(HttpResponse response) {
    if (response.entity().getContentType().mediaType().isApplication()) {
      return response; // already ours
    }
    int status = response.status().intValue();
    ErrorCode code =
        switch (status) {
          case 401 -> ErrorCode.UNAUTHORIZED;
          case 403 -> ErrorCode.FORBIDDEN;
          case 404 -> ErrorCode.NOT_FOUND;
          case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
          case 503 -> ErrorCode.UNAVAILABLE;
          default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
        };
    String message =
        response.entity() instanceof org.apache.pekko.http.javadsl.model.HttpEntity.Strict strict
            ? strict.getData().utf8String()
            : code.defaultMessage();
    return ApiDirectives.errorResponse(code, message).withStatus(response.status());
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(
            EntityStreamSizeException.class,
            e -> complete(ApiDirectives.errorResponse(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large")))
        .matchAny(
            e -> {
              log.error("Unhandled error in a route", e);
              return complete(ApiDirectives.errorResponse(ErrorCode.INTERNAL, "Internal error"));
            })
        .build();
  }
}
