package io.openlobby.loadgen.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.loadgen.LoadgenException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** The HTTP calls the scenarios make with a player's bearer token: listings and tickets. */
public final class LobbyHttp {
  private final ClientContext context;

  public LobbyHttp(ClientContext context) {
    this.context = context;
  }

  /**
   * {@code GET /v1/lobby/rooms?mode=&open=true&limit=&cursor=&attr.K=V}: {@code {rooms, nextCursor}};
   * {@code attributes} are attribute filters (may be empty).
   */
  public CompletableFuture<JsonNode> listRooms(URI target, String token, String mode, java.util.Map<String, String> attributes,
      int limit, String cursor) {
    StringBuilder query = new StringBuilder("mode=" + enc(mode) + "&open=true&limit=" + limit);
    attributes.forEach((k, v) -> query.append("&attr.").append(enc(k)).append('=').append(enc(v)));
    if (cursor != null) {
      query.append("&cursor=").append(enc(cursor));
    }
    return call(target, token, "GET", "/v1/lobby/rooms?" + query, null, "browse", 200);
  }

  /** {@code POST /v1/matchmaking/tickets}: 201 {@code {ticketId, status, ...}}. */
  public CompletableFuture<JsonNode> postTicket(URI target, String token, JsonNode body) {
    return call(target, token, "POST", "/v1/matchmaking/tickets", body, "ticket", 201);
  }

  /** {@code DELETE /v1/matchmaking/tickets/{id}}. */
  public CompletableFuture<JsonNode> cancelTicket(URI target, String token, String ticketId) {
    return call(target, token, "DELETE", "/v1/matchmaking/tickets/" + enc(ticketId), null, "ticket_cancel", 200);
  }

  private CompletableFuture<JsonNode> call(URI target, String token, String method, String path, JsonNode body,
      String kind, int ok) {
    HttpRequest.Builder b = HttpRequest.newBuilder(target.resolve(path))
        .timeout(context.config().stepTimeout())
        .header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return context.http().sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray()).handle((r, failure) -> {
      if (failure != null) {
        Throwable t = LoadgenException.unwrap(failure);
        throw new LoadgenException(kind + (t instanceof java.net.http.HttpTimeoutException ? "_timeout" : "_io_error"),
            method + " " + path + ": " + t, t);
      }
      JsonNode answer;
      try {
        answer = r.body().length == 0 ? context.json().createObjectNode() : context.json().readTree(r.body());
      } catch (java.io.IOException e) {
        throw new LoadgenException(kind + "_bad_answer", "not JSON", e);
      }
      if (r.statusCode() != ok) {
        String code = answer.path("code").asText("");
        throw new LoadgenException(kind + "_http_" + r.statusCode() + (code.isEmpty() ? "" : "_" + code),
            method + " " + path + " answered " + r.statusCode());
      }
      return answer;
    });
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
