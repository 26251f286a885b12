package io.openlobby.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Function;

/** A plain HTTP client for the tests: JSON in, status and JSON out, nothing of the server's. */
public final class Api {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A response: its status and its body parsed as JSON (null when it is not JSON). */
  public record Reply(int status, JsonNode body, String raw) {}

  private final HttpClient client = HttpClient.newHttpClient();
  private final Function<String, URI> base;

  /** A client of the server whose URIs {@code base} makes from paths. */
  public Api(Function<String, URI> base) {
    this.base = base;
  }

  public Api(TestNode node) {
    this(node::http);
  }

  /** A guest login: the token and playerId. */
  public record Guest(String playerId, String token) {}

  public Guest guest(String name) {
    Reply r = post("/v1/auth/guest", "{\"name\":\"" + name + "\"}", null);
    if (r.status() != 200) {
      throw new IllegalStateException("guest login failed: " + r);
    }
    return new Guest(r.body().get("playerId").asText(), r.body().get("token").asText());
  }

  public Reply get(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.apply(path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  public Reply post(String path, String body, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.apply(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  public Reply delete(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.apply(path)).DELETE();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b.build());
  }

  /**
   * A game backend's token: HS256 with the development secret the test nodes use, {@code role}
   * claim {@code service}.
   */
  public static String serviceToken() {
    return com.auth0.jwt.JWT.create()
        .withSubject("game-backend")
        .withClaim("role", "service")
        .withExpiresAt(java.time.Instant.now().plusSeconds(3600))
        .sign(com.auth0.jwt.algorithms.Algorithm.HMAC256(io.openlobby.Settings.DEV_SECRET));
  }

  public Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = r.body().isEmpty() ? null : MAPPER.readTree(r.body());
      } catch (IOException notJson) {
        // left null: the test asserts on it
      }
      return new Reply(r.statusCode(), json, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public URI ws(String pathAndQuery) {
    return URI.create(base.apply(pathAndQuery).toString().replaceFirst("^http", "ws"));
  }
}
