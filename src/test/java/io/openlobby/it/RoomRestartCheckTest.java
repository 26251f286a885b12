package io.openlobby.it;

import static io.openlobby.it.RoomGoneForGoodTest.awaitRoom;
import static io.openlobby.it.RoomGoneForGoodTest.isAway;
import static io.openlobby.it.RoomGoneForGoodTest.lastHistoryEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.ServerProcess;
import io.openlobby.testkit.TestKeyspace;
import io.openlobby.testkit.WsClient;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * After {@code kill -9} nobody tells a room who went away (Player entities are soft state), so a
 * recovered room asks its members' Player entities once the grace period and a heartbeat have
 * passed. Players that come back before then stay; the others are away.
 */
class RoomRestartCheckTest {
  // The grace period leaves the test time to reconnect its returning players after the restart;
  // they ping (a silent client is disconnected after two heartbeats).
  private static final Map<String, String> SETTINGS =
      Map.of("lobby.presence.grace", "4s", "lobby.session.heartbeat", "1s");

  @Test
  void aRecoveredRoomTreatsMembersThatAreNotOnlineAsAway() throws Exception {
    try (TestKeyspace keyspace = TestKeyspace.create()) {
      int port = ServerProcess.freePort();
      Map<String, Api.Guest> g = new java.util.HashMap<>();
      String open;
      String abandoned;
      String kept;
      try (ServerProcess first = ServerProcess.start(keyspace.name(), port, SETTINGS)) {
        Api api = new Api(first::uri);
        for (String name : new String[] {"ann", "bob", "cat", "dan", "eve", "fay"}) {
          g.put(name, api.guest(name));
        }
        open = room(api, g.get("ann"), g.get("bob"), false);
        abandoned = room(api, g.get("cat"), g.get("dan"), true);
        kept = room(api, g.get("eve"), g.get("fay"), true);
        first.kill9();
      }
      try (ServerProcess second = ServerProcess.start(keyspace.name(), port, SETTINGS)) {
        Api api = new Api(second::uri);
        // Ann and eve come back at once (new sessions); the others never do.
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try (WsClient ann = WsClient.open(api, g.get("ann").token());
            WsClient eve = WsClient.open(api, g.get("eve").token())) {
          pinger.scheduleAtFixedRate(() -> ping(ann, eve), 0, 300, TimeUnit.MILLISECONDS);
          JsonNode left = ann.awaitSkippingPongs("room.event");
          assertEquals("left", left.get("event").asText(), left.toString());
          assertEquals(g.get("bob").playerId(), left.get("playerId").asText());
          JsonNode room = awaitRoom(api, open, g.get("ann").token(), r -> r.get("players").asInt() == 1);
          assertEquals(g.get("ann").playerId(), room.get("hostId").asText());

          awaitRoom(api, abandoned, g.get("cat").token(), r -> r.get("status").asText().equals("closed"));
          assertEquals("abandoned", lastHistoryEvent(api, abandoned, g.get("cat").token()));

          JsonNode game = awaitRoom(api, kept, g.get("eve").token(), r -> isAway(r, g.get("fay").playerId()));
          assertEquals("in_game", game.get("status").asText());
          assertEquals(2, game.get("players").asInt());
          assertFalse(isAway(game, g.get("eve").playerId()));

          JsonNode listed =
              api.get("/v1/lobby/rooms?mode=restart&open=false", g.get("ann").token()).body();
          for (JsonNode r : listed.get("rooms")) {
            assertFalse(r.get("roomId").asText().equals(abandoned), "a closed room is not listed");
          }
        } finally {
          pinger.shutdownNow();
        }
      }
    }
  }

  private static void ping(WsClient... clients) {
    for (WsClient c : clients) {
      try {
        c.send("{\"type\":\"ping\"}");
      } catch (Exception closing) {
        // the test is ending
      }
    }
  }

  /** A room of {@code host} and {@code member}, its game started if {@code start}; both stay. */
  private static String room(Api api, Api.Guest host, Api.Guest member, boolean start) throws Exception {
    WsClient h = WsClient.open(api, host.token());
    WsClient m = WsClient.open(api, member.token());
    String roomId =
        h.request("{\"type\":\"room.create\",\"mode\":\"restart\",\"name\":\"r\",\"maxPlayers\":4}")
            .get("room").get("roomId").asText();
    assertEquals("room.state", m.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}").get("type").asText());
    if (start) {
      m.request("{\"type\":\"room.ready\",\"ready\":true}");
      assertEquals("ok", h.request("{\"type\":\"room.start\"}").get("type").asText());
    }
    return roomId; // the sockets die with the process
  }
}
