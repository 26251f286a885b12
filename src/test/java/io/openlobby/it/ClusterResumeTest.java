package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.ServerProcess;
import io.openlobby.testkit.TestKeyspace;
import io.openlobby.testkit.TestNode;
import io.openlobby.testkit.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one Pekko cluster: presence crosses nodes, and a session dropped on one node is
 * resumed on the other (no sticky sessions) with its missed frames and no offline blip.
 */
class ClusterResumeTest {

  private static Map<String, Object> clusterConfig(int ownPort, int seedPort) {
    return Map.of(
        "pekko.remote.artery.canonical.port", ownPort,
        "pekko.cluster.seed-nodes", List.of("pekko://openlobby@127.0.0.1:" + seedPort),
        "lobby.presence.grace", "2s",
        "lobby.session.heartbeat", "30s",
        // No shard rebalancing while the scenario runs: this test is about the resume, and a Player
        // entity moving in the middle would rebuild itself (see Player.HandOff) a moment later.
        "pekko.cluster.sharding.rebalance-interval", "1h");
  }

  @Test
  void aSessionDroppedOnOneNodeResumesOnTheOther() throws Exception {
    int portA = ServerProcess.freePort();
    int portB = ServerProcess.freePort();
    try (TestKeyspace keyspace = TestKeyspace.create();
        TestNode a = TestNode.start(keyspace.name(), clusterConfig(portA, portA));
        TestNode b = TestNode.start(keyspace.name(), clusterConfig(portB, portA))) {
      Api apiA = new Api(a);
      Api apiB = new Api(b);
      Api.Guest erin = apiA.guest("erin");
      Api.Guest frank = apiB.guest("frank"); // tokens verify on every node: same key
      Api.Guest gina = apiB.guest("gina");
      try (WsClient f = WsClient.connect(apiB, frank.token());
          WsClient g = WsClient.connect(apiB, gina.token())) {
        f.expect("welcome");
        g.expect("welcome");
        // Frank's session attaches to his Player entity right after its welcome; wait until his
        // presence says so, on the other node, before Erin watches him.
        awaitOnline(apiA, frank.playerId(), erin.token());
        WsClient e = WsClient.connect(apiA, erin.token());
        String resumeToken = e.expect("welcome").get("resumeToken").asText();
        JsonNode watched = e.request("{\"type\":\"presence.watch\",\"playerIds\":[\"" + frank.playerId() + "\"]}");
        assertEquals("presence.snapshot", watched.get("type").asText(), watched.toString());
        assertEquals("online", watched.get("players").get(0).get("status").asText(), watched.toString());
        e.expectNothing(Duration.ofMillis(300));
        JsonNode snap = g.request("{\"type\":\"presence.watch\",\"playerIds\":[\"" + erin.playerId() + "\"]}");
        assertEquals("online", snap.get("players").get(0).get("status").asText(), snap.toString());
        long lastSeq = e.lastSeq();
        e.drop();

        f.request("{\"type\":\"presence.set\",\"status\":\"away\"}");
        try (WsClient back =
            WsClient.connect(
                    apiB.ws("/v1/ws?resume=" + resumeToken + "&lastSeq=" + lastSeq),
                    Map.of("Authorization", "Bearer " + erin.token()))
                .continueFrom(lastSeq)) {
          assertEquals("away", back.expect("presence").get("status").asText());
          assertTrue(back.expect("welcome").get("resumed").asBoolean());
          g.expectNothing(Duration.ofSeconds(4)); // two grace periods: no offline blip for erin
          Thread.sleep(150); // past frank's batching interval
          f.request("{\"type\":\"presence.set\",\"status\":\"busy\"}");
          assertEquals("busy", back.expect("presence").get("status").asText(), "the resumed session still watches");
        }
        JsonNode offline = g.expect("presence");
        assertEquals("offline", offline.get("status").asText(), "erin's last socket closed: offline after grace");
      }
    }
  }

  private static void awaitOnline(Api api, String playerId, String token) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String status = "";
    while (!status.equals("online") && System.nanoTime() < end) {
      status = api.get("/v1/players/" + playerId + "/presence", token).body().get("status").asText();
      if (!status.equals("online")) {
        Thread.sleep(100);
      }
    }
    assertEquals("online", status);
  }
}
