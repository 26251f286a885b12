package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.TestKeyspace;
import io.openlobby.testkit.TestNode;
import io.openlobby.testkit.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The live lobby over real sockets and HTTP: snapshots, coalesced diffs, filters, paging. */
class LobbyTest {
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of("lobby.session.heartbeat", "30s"));

  private static final Api api = server.api();

  private static WsClient connect(String name) throws Exception {
    return WsClient.open(api, api.guest(name).token());
  }

  private static String create(WsClient ws, String mode, String name, int max, String extra) throws Exception {
    JsonNode state =
        ws.request(
            "{\"type\":\"room.create\",\"mode\":\"" + mode + "\",\"name\":\"" + name + "\",\"maxPlayers\":"
                + max + extra + "}");
    assertEquals("room.state", state.get("type").asText(), state.toString());
    return state.get("room").get("roomId").asText();
  }

  @Test
  void aSubscriberSeesRoomsComeChangeAndGoButNeverAPrivateOne() throws Exception {
    try (WsClient watcher = connect("watcher"); WsClient host = connect("host"); WsClient guest = connect("guest");
        WsClient hermit = connect("hermit")) {
      JsonNode snapshot = watcher.request("{\"type\":\"lobby.subscribe\",\"rid\":\"s\",\"mode\":\"live\"}");
      assertEquals("lobby.snapshot", snapshot.get("type").asText(), snapshot.toString());
      assertEquals("s", snapshot.get("re").asText());
      assertEquals(0, snapshot.get("rooms").size());

      create(hermit, "live", "secret", 2, ",\"private\":true");
      String roomId = create(host, "live", "public", 2, ",\"attributes\":{\"map\":\"dust\"}");
      JsonNode added = watcher.expect("lobby.update");
      assertEquals("live", added.get("mode").asText());
      assertEquals(1, added.get("upserts").size(), "the private room is not in it: " + added);
      JsonNode summary = added.get("upserts").get(0);
      assertEquals(roomId, summary.get("roomId").asText());
      assertEquals("open", summary.get("status").asText());
      assertEquals("dust", summary.get("attributes").get("map").asText());
      assertFalse(summary.has("members"), "summaries carry no member list");

      guest.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      JsonNode full = watcher.expect("lobby.update");
      assertEquals(List.of(roomId), texts(full.get("removed")), "full rooms leave an open-only lobby");

      guest.request("{\"type\":\"room.leave\"}");
      assertEquals(roomId, watcher.expect("lobby.update").get("upserts").get(0).get("roomId").asText());
      host.request("{\"type\":\"room.leave\"}");
      assertEquals(List.of(roomId), texts(watcher.expect("lobby.update").get("removed")), "closed");

      assertEquals("ok", watcher.request("{\"type\":\"lobby.unsubscribe\",\"mode\":\"live\"}").get("type").asText());
      create(host, "live", "after", 2, "");
      watcher.expectNothing(Duration.ofMillis(500));
    }
  }

  @Test
  void listingsFilterAndPageWithAStableCursor() throws Exception {
    Api.Guest reader = api.guest("reader");
    List<WsClient> hosts = new ArrayList<>();
    try {
      Set<String> created = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        WsClient h = connect("h" + i);
        hosts.add(h);
        created.add(create(h, "paging", "room" + i, 4, ",\"attributes\":{\"tier\":\"" + (i % 2 == 0 ? "gold" : "iron") + "\"}"));
      }
      WsClient secret = connect("secret");
      hosts.add(secret);
      String privateId = create(secret, "paging", "hidden", 4, ",\"private\":true");

      JsonNode first = api.get("/v1/lobby/rooms?mode=paging&limit=2", reader.token()).body();
      assertEquals(2, first.get("rooms").size(), first.toString());
      String cursor = first.get("nextCursor").asText();
      // A room created between pages comes at the end: no duplicate, no gap.
      WsClient late = connect("late");
      hosts.add(late);
      created.add(create(late, "paging", "late", 4, ",\"attributes\":{\"tier\":\"gold\"}"));
      Set<String> seen = new HashSet<>(ids(first));
      while (!cursor.isEmpty()) {
        JsonNode page = api.get("/v1/lobby/rooms?mode=paging&limit=2&cursor=" + cursor, reader.token()).body();
        for (String id : ids(page)) {
          assertTrue(seen.add(id), "no room twice: " + id);
        }
        cursor = page.path("nextCursor").isNull() ? "" : page.path("nextCursor").asText("");
      }
      assertEquals(created, seen);
      assertFalse(seen.contains(privateId));

      JsonNode gold = api.get("/v1/lobby/rooms?mode=paging&limit=50&attr.tier=gold", reader.token()).body();
      assertEquals(4, gold.get("rooms").size(), gold.toString());
      assertNull(gold.get("nextCursor").textValue());
      assertEquals(0, api.get("/v1/lobby/rooms?mode=paging&region=mars", reader.token()).body().get("rooms").size());
      assertEquals(6, api.get("/v1/lobby/rooms?mode=paging&region=local&open=false", reader.token()).body().get("rooms").size());

      for (String bad :
          new String[] {"", "?mode=Bad!", "?mode=paging&limit=0", "?mode=paging&limit=x", "?mode=paging&open=maybe",
            "?mode=paging&cursor=!!!"}) {
        Api.Reply r = api.get("/v1/lobby/rooms" + bad, reader.token());
        assertEquals(400, r.status(), bad + " -> " + r.raw());
        assertEquals("bad_request", r.body().get("code").asText());
      }
      assertEquals(401, api.get("/v1/lobby/rooms?mode=paging", null).status());
    } finally {
      hosts.forEach(WsClient::close);
    }
  }

  @Test
  void afterAFullRestartTheOpenRoomsAreListedAgain() throws Exception {
    // Its own keyspace: two clusters must not share the remembered-entities journal.
    try (TestKeyspace ks = TestKeyspace.create()) {
      restartKeepsOpenRooms(ks.name());
    }
  }

  private static void restartKeepsOpenRooms(String keyspace) throws Exception {
    String open;
    String closed;
    try (TestNode first = TestNode.start(keyspace, Map.of())) {
      Api a = new Api(first);
      try (WsClient h1 = WsClient.connect(a, a.guest("h1").token());
          WsClient h2 = WsClient.connect(a, a.guest("h2").token())) {
        h1.expect("welcome");
        h2.expect("welcome");
        open = create(h1, "restart", "stays", 4, "");
        closed = create(h2, "restart", "goes", 4, "");
        h2.request("{\"type\":\"room.leave\"}");
      }
    }
    try (TestNode second = TestNode.start(keyspace, Map.of())) {
      Api b = new Api(second);
      Api.Guest reader = b.guest("reader");
      List<String> listed = List.of();
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!listed.contains(open) && System.nanoTime() < end) {
        Thread.sleep(200); // remembered rooms start and recover in the background
        listed = ids(b.get("/v1/lobby/rooms?mode=restart", reader.token()).body());
      }
      assertEquals(List.of(open), listed, "the open room is back, the closed one is not (" + closed + ")");
    }
  }

  private static List<String> ids(JsonNode page) {
    return page.get("rooms").findValuesAsText("roomId");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
    return out;
  }
}
