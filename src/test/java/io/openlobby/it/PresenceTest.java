package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence over real WebSockets against a real node: devices, watchers, invisible, the grace
 * period's both edges, the caps. Grace is 1 s here; heartbeats are long so that idle test clients
 * are not closed as silent.
 */
class PresenceTest {
  private static final Duration GRACE = Duration.ofSeconds(1);
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of(
                "lobby.presence.grace", GRACE.toMillis() + "ms",
                "lobby.session.heartbeat", "30s",
                "lobby.presence.max-watches-per-session", 3,
                "lobby.presence.max-watchers-per-player", 2));

  private static final Api api = server.api();

  private static WsClient connect(Api.Guest g) throws Exception {
    return WsClient.open(api, g.token());
  }

  private static JsonNode watch(WsClient ws, String... ids) throws Exception {
    String list = String.join("\",\"", ids);
    return ws.request("{\"type\":\"presence.watch\",\"rid\":\"w\",\"playerIds\":[\"" + list + "\"]}");
  }

  @Test
  void aWatcherSeesEveryChangeAndOfflineOnlyAfterTheGracePeriodOfTheLastDevice() throws Exception {
    Api.Guest alice = api.guest("alice");
    Api.Guest bob = api.guest("bob");
    try (WsClient phone = connect(alice); WsClient watcher = connect(bob)) {
      JsonNode snapshot = watch(watcher, alice.playerId());
      assertEquals("presence.snapshot", snapshot.get("type").asText(), snapshot.toString());
      assertEquals("w", snapshot.get("re").asText());
      assertEquals(alice.playerId(), snapshot.get("players").get(0).get("playerId").asText());
      assertEquals("online", snapshot.get("players").get(0).get("status").asText());

      // A second device: alice stays online when her phone goes away.
      try (WsClient laptop = connect(alice)) {
        phone.close();
        watcher.expectNothing(GRACE.multipliedBy(2));

        JsonNode ok = laptop.request("{\"type\":\"presence.set\",\"rid\":1,\"status\":\"away\",\"activity\":\"lunch\"}");
        assertEquals("ok", ok.get("type").asText(), ok.toString());
        JsonNode away = watcher.expect("presence");
        assertEquals("away", away.get("status").asText());
        assertEquals("lunch", away.get("activity").asText());

        long closedAt = System.nanoTime();
        laptop.close();
        JsonNode offline = watcher.expect("presence");
        long waitedMs = (System.nanoTime() - closedAt) / 1_000_000;
        assertEquals("offline", offline.get("status").asText());
        assertTrue(waitedMs >= GRACE.toMillis(), "offline came " + waitedMs + " ms after the close, before the grace period");
        assertTrue(offline.get("lastSeen").asLong() > 0);
      }
      Api.Reply http = api.get("/v1/players/" + alice.playerId() + "/presence", bob.token());
      assertEquals("offline", http.body().get("status").asText(), http.raw());
    }
  }

  @Test
  void anInvisiblePlayerIsOfflineToEveryoneElse() throws Exception {
    Api.Guest carol = api.guest("carol");
    Api.Guest dave = api.guest("dave");
    try (WsClient c = connect(carol); WsClient d = connect(dave)) {
      watch(d, carol.playerId());
      c.request("{\"type\":\"presence.set\",\"status\":\"invisible\"}");
      assertEquals("offline", d.expect("presence").get("status").asText());
      assertEquals("offline", api.get("/v1/players/" + carol.playerId() + "/presence", dave.token()).body().get("status").asText());
      assertEquals("invisible", api.get("/v1/players/" + carol.playerId() + "/presence", carol.token()).body().get("status").asText());
      c.request("{\"type\":\"presence.set\",\"status\":\"busy\"}");
      assertEquals("busy", d.expect("presence").get("status").asText());
    }
  }

  @Test
  void theCapsAreEnforcedWithClearErrors() throws Exception {
    Api.Guest star = api.guest("star");
    Api.Guest[] fans = {api.guest("f1"), api.guest("f2"), api.guest("f3")};
    try (WsClient s = connect(star);
        WsClient f1 = connect(fans[0]);
        WsClient f2 = connect(fans[1]);
        WsClient f3 = connect(fans[2])) {
      JsonNode tooMany = watch(f1, "a", "b", "c", "d");
      assertEquals("error", tooMany.get("type").asText(), tooMany.toString());
      assertEquals("bad_request", tooMany.get("code").asText(), "a list longer than the cap is malformed");
      watch(f1, "a", "b");
      JsonNode overCap = watch(f1, "c", "d");
      assertEquals("watch_limit", overCap.get("code").asText(), overCap.toString());

      assertEquals(1, watch(f2, star.playerId()).get("players").size());
      assertEquals(1, watch(f3, star.playerId()).get("players").size());
      Api.Guest late = api.guest("late");
      try (WsClient l = connect(late)) {
        JsonNode refused = watch(l, star.playerId());
        assertEquals(0, refused.get("players").size(), refused.toString());
        assertEquals("watchers_limit", refused.get("refused").get(0).get("code").asText());
        // Unwatching frees a place.
        assertEquals("ok", f2.request("{\"type\":\"presence.unwatch\",\"playerIds\":[\"" + star.playerId() + "\"]}").get("type").asText());
        assertEquals(1, watch(l, star.playerId()).get("players").size());
      }
      assertEquals(
          "bad_request",
          s.request("{\"type\":\"presence.set\",\"status\":\"in_game\"}").get("code").asText(),
          "in_game is set by the server, not by clients");
    }
  }

  @Test
  void aResumeWithinTheGracePeriodReplaysExactlyTheMissedFramesAndShowsNoBlip() throws Exception {
    Api.Guest erin = api.guest("erin");
    Api.Guest frank = api.guest("frank");
    Api.Guest gina = api.guest("gina");
    try (WsClient f = connect(frank); WsClient g = connect(gina)) {
      WsClient e = WsClient.connect(api, erin.token());
      JsonNode welcome = e.expect("welcome");
      String resumeToken = welcome.get("resumeToken").asText();
      watch(e, frank.playerId());
      watch(g, erin.playerId());
      long lastSeq = e.lastSeq();
      e.drop(); // the network goes away, no close handshake

      f.request("{\"type\":\"presence.set\",\"status\":\"away\"}");
      Thread.sleep(150); // past the batching interval, so both changes are separate events
      f.request("{\"type\":\"presence.set\",\"status\":\"busy\"}");
      Thread.sleep(150);

      try (WsClient back =
          WsClient.connect(
                  api.ws("/v1/ws?resume=" + resumeToken + "&lastSeq=" + lastSeq),
                  Map.of("Authorization", "Bearer " + erin.token()))
              .continueFrom(lastSeq)) {
        assertEquals("away", back.expect("presence").get("status").asText());
        assertEquals("busy", back.expect("presence").get("status").asText());
        JsonNode resumed = back.expect("welcome");
        assertTrue(resumed.get("resumed").asBoolean(), resumed.toString());
        assertEquals(welcome.get("sessionId").asText(), resumed.get("sessionId").asText());
        // Gina, who watches Erin, saw no offline blip, even after the grace period.
        g.expectNothing(GRACE.multipliedBy(2));
        // The resumed session still watches Frank.
        f.request("{\"type\":\"presence.set\",\"status\":\"online\"}");
        assertEquals("online", back.expect("presence").get("status").asText());
      }
      // A token from another player, or a lastSeq the session never reached, starts afresh.
      try (WsClient stranger =
          WsClient.connect(
              api.ws("/v1/ws?resume=" + resumeToken + "&lastSeq=0"),
              Map.of("Authorization", "Bearer " + frank.token()))) {
        assertTrue(!stranger.expect("welcome").get("resumed").asBoolean());
      }
    }
  }
}
