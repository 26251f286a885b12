package io.openlobby.loadgen.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlobby.loadgen.LoadgenException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** {@code POST /v1/auth/guest {"name": ...}} over the shared JDK HTTP client. */
public final class GuestLogin {
  /** The answer: {@code playerId} and the bearer {@code token}. */
  public record Guest(String playerId, String token) {}

  private final ClientContext context;

  public GuestLogin(ClientContext context) {
    this.context = context;
  }

  public CompletableFuture<Guest> login(URI target, String name) {
    ObjectMapper json = context.json();
    byte[] body;
    try {
      body = json.writeValueAsBytes(Map.of("name", name));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(new LoadgenException("login_request", e.toString(), e));
    }
    Duration timeout = context.config() == null ? Duration.ofSeconds(10) : context.config().stepTimeout();
    HttpRequest request =
        HttpRequest.newBuilder(target.resolve("/v1/auth/guest"))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return context
        .http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .thenApply(
            response -> {
              if (response.statusCode() != 200) {
                throw new LoadgenException(
                    "login_http_" + response.statusCode(), "guest login answered " + response.statusCode());
              }
              try {
                JsonNode answer = json.readTree(response.body());
                JsonNode token = answer.get("token");
                if (token == null || !token.isTextual()) {
                  throw new LoadgenException("login_bad_answer", "guest login answer has no token");
                }
                return new Guest(answer.path("playerId").asText(null), token.asText());
              } catch (java.io.IOException e) {
                throw new LoadgenException("login_bad_answer", "guest login answer is not JSON", e);
              }
            });
  }
}
