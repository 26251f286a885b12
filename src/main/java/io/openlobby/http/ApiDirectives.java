package io.openlobby.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.openlobby.ErrorCode;
import java.util.Map;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/** JSON in and out, and the contract's error body, for every route group. */
public class ApiDirectives extends AllDirectives {

  /** Completes with {@code body} as JSON. */
  protected Route json(StatusCode status, Object body) {
    return complete(jsonResponse(status, body));
  }

  protected Route error(ErrorCode code, String message) {
    return complete(errorResponse(code, message));
  }

  protected Route error(ErrorCode code) {
    return error(code, code.defaultMessage());
  }

  /** Parses the request body as {@code type}; malformed JSON is a 400 bad_request. */
  protected <T> Route jsonBody(Class<T> type, Function<T, Route> inner) {
    return entity(
        Unmarshaller.entityToString(),
        text -> {
          T value;
          try {
            value = text.isBlank() ? null : Json.MAPPER.readValue(text, type);
          } catch (JsonProcessingException e) {
            return error(ErrorCode.BAD_REQUEST, "Body is not valid JSON for this call");
          }
          if (value == null) {
            return error(ErrorCode.BAD_REQUEST, "A JSON body is required");
          }
          return inner.apply(value);
        });
  }

  public static HttpResponse jsonResponse(StatusCode status, Object body) {
    try {
      return HttpResponse.create()
          .withStatus(status)
          .withEntity(
              HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.MAPPER.writeValueAsBytes(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode response body", e);
    }
  }

  public static HttpResponse errorResponse(ErrorCode code, String message) {
    return jsonResponse(
        StatusCodes.get(code.httpStatus()), Map.of("code", code.wire(), "message", message));
  }
}
