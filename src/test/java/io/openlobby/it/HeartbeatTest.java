package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.player.Player;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the node's heartbeats do, with a 400 ms heartbeat: silent clients are closed, a Player
 * entity stopped on purpose is rebuilt by its sessions, slow readers are cut off, and
 * playersOnline follows the connected players.
 */
class HeartbeatTest {
  private static final Duration HEARTBEAT = Duration.ofMillis(400);
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of(
                "lobby.session.heartbeat", HEARTBEAT.toMillis() + "ms",
                "lobby.session.outbound-buffer", 16,
                "lobby.presence.grace", "300ms"));

  private static final Api api = server.api();

  /** Keeps clients from counting as silent while the test waits on something else. */
  private static void keepTalking(Duration during, WsClient... clients) throws Exception {
    long end = System.nanoTime() + during.toNanos();
    while (System.nanoTime() < end) {
      for (WsClient c : clients) {
        c.send("{\"type\":\"ping\"}");
      }
      Thread.sleep(HEARTBEAT.toMillis() / 2);
    }
  }

  @Test
  void aClientSilentForTwoHeartbeatsIsClosedWithAReason() throws Exception {
    Api.Guest g = api.guest("quiet");
    WsClient ws = WsClient.connect(api, g.token());
    ws.expect("welcome");
    JsonNode closing = ws.expect("closing");
    assertEquals("silent", closing.get("reason").asText());
    ws.closed().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aStoppedPlayerEntityIsRebuiltByTheNextHeartbeat() throws Exception {
    Api.Guest g = api.guest("phoenix");
    Api.Guest w = api.guest("watcher");
    try (WsClient ws = WsClient.connect(api, g.token()); WsClient watcher = WsClient.connect(api, w.token())) {
      ws.expect("welcome");
      watcher.expect("welcome");
      ws.request("{\"type\":\"presence.set\",\"status\":\"busy\",\"activity\":\"raid\"}");
      watcher.request("{\"type\":\"presence.watch\",\"playerIds\":[\"" + g.playerId() + "\"]}");

      ClusterSharding.get(server.node().system())
          .entityRefFor(Player.ENTITY_KEY, g.playerId())
          .tell(new Player.Stop());
      // Right after the stop the fresh entity knows nothing; within a few heartbeats the session
      // has re-attached with its chosen status, and the watcher has re-registered.
      keepTalking(HEARTBEAT.multipliedBy(3), ws, watcher);
      JsonNode presence = api.get("/v1/players/" + g.playerId() + "/presence", w.token()).body();
      assertEquals("busy", presence.get("status").asText(), presence.toString());
      assertEquals("raid", presence.get("activity").asText());
      ws.send("{\"type\":\"presence.set\",\"status\":\"away\"}");
      // The rebuilt entity may tell its re-registered watchers the current state ("busy") once
      // more; presence events are states, not deltas. Then the change arrives.
      JsonNode pushed = watcher.awaitSkippingPongs("presence");
      if ("busy".equals(pushed.get("status").asText())) {
        pushed = watcher.awaitSkippingPongs("presence");
      }
      assertEquals("away", pushed.get("status").asText());
    }
  }

  @Test
  void aClientThatDoesNotReadIsCutOffInsteadOfBufferedWithoutBound() throws Exception {
    Api.Guest g = api.guest("slow");
    WsClient ws = WsClient.connect(api, g.token());
    ws.pauseReading();
    String bigRid = "x".repeat(60_000);
    int sent = 0;
    try {
      for (; sent < 400; sent++) {
        ws.send("{\"type\":\"ping\",\"rid\":\"" + bigRid + "\"}");
      }
    } catch (Exception socketClosedUnderUs) {
      // the server may close before all 400 are sent: that is the point
    }
    ws.resumeReading();
    int frames = 0;
    JsonNode last = null;
    while (!ws.closed().isDone() || ws.hasFrames()) {
      JsonNode f = ws.next();
      frames++;
      last = f;
      if ("closing".equals(f.get("type").asText())) {
        break;
      }
    }
    assertEquals("closing", last.get("type").asText(), "the last frame says why");
    assertEquals("slow_consumer", last.get("reason").asText());
    assertTrue(frames < 400, "the server kept at most its bounded queue plus the socket buffers: " + frames);
  }

  @Test
  void playersOnlineFollowsConnectedPlayers() throws Exception {
    // Other tests' players leave within the grace period; the counter settles about once a second.
    assertEquals(0, awaitOnline(0, List.of()));
    Api.Guest a = api.guest("a");
    Api.Guest b = api.guest("b");
    try (WsClient wa = WsClient.connect(api, a.token()); WsClient wb = WsClient.connect(api, b.token())) {
      assertEquals(2, awaitOnline(2, List.of(wa, wb)));
    }
    assertEquals(0, awaitOnline(0, List.of()));
  }

  /** Polls /v1/stats for up to 10 s until it shows {@code expected}, pinging {@code clients}. */
  private static long awaitOnline(long expected, List<WsClient> clients) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long now = -1;
    while (now != expected && System.nanoTime() < end) {
      for (WsClient c : clients) {
        c.send("{\"type\":\"ping\"}");
      }
      Thread.sleep(HEARTBEAT.toMillis() / 2);
      now = api.get("/v1/stats", null).body().get("playersOnline").asLong();
    }
    return now;
  }
}
