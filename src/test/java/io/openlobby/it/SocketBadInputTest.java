package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.Settings;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.net.http.HttpRequest;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every bad-input path of the skeleton gets the contract's typed error, over HTTP and over a real
 * WebSocket; a protocol error leaves the socket open.
 */
class SocketBadInputTest {
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of("lobby.session.max-frame-bytes", 1024));

  private static final Api api = server.api();

  @Test
  void upgradeWithoutAValidTokenIsRefusedWith401() throws Exception {
    assertUpgradeRefused(Map.of());
    assertUpgradeRefused(Map.of("Authorization", "Bearer not-a-jwt"));
    String expired =
        JWT.create()
            .withSubject("p-1")
            .withExpiresAt(Instant.now().minusSeconds(60))
            .sign(Algorithm.HMAC256(Settings.DEV_SECRET));
    assertUpgradeRefused(Map.of("Authorization", "Bearer " + expired));
    String forged =
        JWT.create()
            .withSubject("p-1")
            .withExpiresAt(Instant.now().plusSeconds(600))
            .sign(Algorithm.HMAC256("another-secret-another-secret-another-secret"));
    assertUpgradeRefused(Map.of("Authorization", "Bearer " + forged));
    String noExpiry = JWT.create().withSubject("p-1").sign(Algorithm.HMAC256(Settings.DEV_SECRET));
    assertUpgradeRefused(Map.of("Authorization", "Bearer " + noExpiry));

    // The same token on the query string is accepted (browsers cannot set upgrade headers).
    Api.Guest g = api.guest("query");
    try (WsClient ws = WsClient.connect(api.ws("/v1/ws?token=" + g.token()), Map.of())) {
      assertEquals("welcome", ws.next().get("type").asText());
    }
  }

  private static void assertUpgradeRefused(Map<String, String> headers) {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> WsClient.connect(api.ws("/v1/ws"), headers));
    assertTrue(e.getCause() instanceof WebSocketHandshakeException, e.toString());
    assertEquals(401, ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
  }

  @Test
  void protocolErrorsGetTypedErrorFramesAndTheSocketStaysOpen() throws Exception {
    Api.Guest g = api.guest("clumsy");
    try (WsClient ws = WsClient.connect(api, g.token())) {
      ws.next();
      assertError(ws.request("this is not json"), "bad_request", null);
      assertError(ws.request("[1,2,3]"), "bad_request", null);
      assertError(ws.request("{\"rid\":\"a\"}"), "bad_request", "a");
      assertError(ws.request("{\"type\":\"teleport\",\"rid\":\"b\"}"), "unknown_type", "b");
      assertError(ws.request("{\"type\":\"ping\",\"rid\":{\"x\":1}}"), "bad_request", null);
      assertError(
          ws.request("{\"type\":\"room.create\",\"rid\":\"c\",\"mode\":\"duel\",\"name\":\"x\",\"maxPlayers\":1}"),
          "bad_request", "c");
      assertError(
          ws.request("{\"type\":\"room.create\",\"rid\":\"d\",\"mode\":\"Bad Mode!\",\"name\":\"x\",\"maxPlayers\":2}"),
          "bad_request", "d");
      assertError(
          ws.request("{\"type\":\"room.create\",\"rid\":\"e\",\"mode\":\"duel\",\"maxPlayers\":2}"),
          "bad_request", "e");
      assertError(
          ws.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"x\",\"maxPlayers\":2,\"attributes\":{\"k\":1}}"),
          "bad_request", null);
      assertError(ws.request("{\"type\":\"room.join\",\"rid\":\"f\"}"), "bad_request", "f");
      assertError(ws.request("{\"type\":\"room.join\",\"roomId\":\"r-nope\"}"), "room_not_found", null);
      assertError(ws.request("{\"type\":\"room.leave\"}"), "not_in_room", null);
      assertError(ws.request("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}"), "payload_too_large", null);
      ws.sendBinary(new byte[] {1, 2, 3});
      assertError(ws.next(), "bad_request", null);

      ws.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"mine\",\"maxPlayers\":2}");
      assertError(
          ws.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"again\",\"maxPlayers\":2}"),
          "already_in_room", null);

      // Still open and serving after all of that.
      assertEquals("pong", ws.request("{\"type\":\"ping\"}").get("type").asText());
      assertTrue(!ws.closed().isDone());
    }
  }

  private static void assertError(JsonNode frame, String code, String re) {
    assertEquals("error", frame.get("type").asText(), frame.toString());
    assertEquals(code, frame.get("code").asText(), frame.toString());
    assertTrue(frame.hasNonNull("message"));
    assertTrue(frame.has("retryable"));
    if (re != null) {
      assertEquals(re, frame.get("re").asText());
    }
  }

  @Test
  void httpBadInputGetsTypedErrors() {
    assertHttpError(api.post("/v1/auth/guest", "{not json", null), 400, "bad_request");
    assertHttpError(api.post("/v1/auth/guest", "{}", null), 400, "bad_request");
    assertHttpError(api.post("/v1/auth/guest", "", null), 400, "bad_request");
    assertHttpError(api.post("/v1/auth/guest", "{\"name\":\"" + "n".repeat(33) + "\"}", null), 400, "bad_request");
    assertHttpError(api.post("/v1/auth/guest", "{\"name\":\"tab\\there\"}", null), 400, "bad_request");
    assertHttpError(api.get("/v1/rooms/r-x", null), 401, "unauthorized");
    assertHttpError(api.get("/v1/rooms/r-x", "garbage"), 401, "unauthorized");
    Api.Guest g = api.guest("reader");
    assertHttpError(api.get("/v1/rooms/r-missing", g.token()), 404, "room_not_found");
    assertHttpError(api.get("/v1/rooms/r-missing/events", g.token()), 404, "room_not_found");
    assertHttpError(api.get("/v1/no/such/path", g.token()), 404, "not_found");
    Api.Reply method =
        api.send(HttpRequest.newBuilder(server.node().http("/v1/auth/guest")).DELETE().build());
    assertHttpError(method, 405, "bad_request");
    // A plain GET (no upgrade) on the WebSocket path with a valid token.
    assertHttpError(api.get("/v1/ws", g.token()), 400, "bad_request");
    Api.Reply big =
        api.post("/v1/auth/guest", "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}", null);
    assertHttpError(big, 413, "payload_too_large");
  }

  private static void assertHttpError(Api.Reply reply, int status, String code) {
    assertEquals(status, reply.status(), reply.raw());
    assertEquals(code, reply.body().get("code").asText(), reply.raw());
    assertTrue(reply.body().hasNonNull("message"), reply.raw());
  }
}
