package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms over real sockets against the real Cassandra: capacity under a stampede, member events. */
class RoomFlowTest {
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of("lobby.session.heartbeat", "60s"));

  private static final Api api = server.api();

  private static WsClient connect(Api.Guest g) throws Exception {
    return WsClient.open(api, g.token());
  }

  @Test
  void twoHundredJoinAtOnceAndExactlyNineGetIn() throws Exception {
    Api.Guest host = api.guest("host");
    List<WsClient> crowd = new ArrayList<>();
    try (WsClient h = connect(host)) {
      String roomId =
          h.request("{\"type\":\"room.create\",\"mode\":\"rush\",\"name\":\"ten\",\"maxPlayers\":10}")
              .get("room").get("roomId").asText();
      for (int i = 0; i < 200; i++) {
        crowd.add(connect(api.guest("p" + i)));
      }
      for (WsClient c : crowd) { // all in flight before any answer is read
        c.send("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      }
      Map<String, Integer> outcomes = new HashMap<>();
      for (WsClient c : crowd) {
        JsonNode reply = c.reply(); // the joined ones may first hear of later joiners
        String outcome = reply.get("type").asText().equals("error") ? reply.get("code").asText() : reply.get("type").asText();
        outcomes.merge(outcome, 1, Integer::sum);
      }
      assertEquals(Map.of("room.state", 9, "room_full", 191), outcomes);
      Api.Reply history = api.get("/v1/rooms/" + roomId + "/events", host.token());
      long joined = 0;
      for (JsonNode e : history.body().get("events")) {
        joined += e.get("event").asText().equals("joined") ? 1 : 0;
      }
      assertEquals(9, joined, "Cassandra's history agrees");
      assertEquals(10, api.get("/v1/rooms/" + roomId, host.token()).body().get("players").asInt());
    } finally {
      crowd.forEach(WsClient::close);
    }
  }

  @Test
  void membersHearOfJoinsReadinessChatKicksAndTheStart() throws Exception {
    Api.Guest host = api.guest("host");
    Api.Guest ann = api.guest("ann");
    Api.Guest bob = api.guest("bob");
    try (WsClient h = connect(host); WsClient a = connect(ann); WsClient b = connect(bob)) {
      String roomId =
          h.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"events\",\"maxPlayers\":4}")
              .get("room").get("roomId").asText();
      assertEquals("room.state", a.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}").get("type").asText());
      JsonNode joined = h.expect("room.event");
      assertEquals("joined", joined.get("event").asText());
      assertEquals(ann.playerId(), joined.get("playerId").asText());
      assertEquals("ann", joined.get("name").asText());
      b.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      h.expect("room.event");
      a.expect("room.event");

      assertEquals("ok", a.request("{\"type\":\"room.ready\",\"rid\":\"r\",\"ready\":true}").get("type").asText());
      for (WsClient member : List.of(h, b)) {
        JsonNode ready = member.expect("room.event");
        assertEquals("ready", ready.get("event").asText());
        assertEquals(true, ready.get("ready").asBoolean());
      }
      a.expect("room.event"); // ann hears her own ready too

      a.request("{\"type\":\"room.chat\",\"text\":\"glhf\"}");
      assertEquals("glhf", h.expect("room.event").get("text").asText());
      assertEquals("glhf", b.expect("room.event").get("text").asText());

      assertEquals("not_host", a.request("{\"type\":\"room.kick\",\"playerId\":\"" + bob.playerId() + "\"}").get("code").asText());
      assertEquals("ok", h.request("{\"type\":\"room.kick\",\"playerId\":\"" + bob.playerId() + "\"}").get("type").asText());
      JsonNode kicked = b.expect("room.event");
      assertEquals("kicked", kicked.get("event").asText());
      assertEquals(bob.playerId(), kicked.get("playerId").asText());
      h.expect("room.event");
      a.expect("room.event");
      assertEquals("not_in_room", b.request("{\"type\":\"room.chat\",\"text\":\"hey\"}").get("code").asText());

      assertEquals("ok", h.request("{\"type\":\"room.start\"}").get("type").asText());
      assertEquals("started", a.expect("room.event").get("event").asText());
      assertEquals("started", h.expect("room.event").get("event").asText());
      JsonNode presence = api.get("/v1/players/" + ann.playerId() + "/presence", bob.token()).body();
      for (int i = 0; i < 50 && !presence.get("status").asText().equals("in_game"); i++) {
        Thread.sleep(100); // the room tells the player entity after the reply
        presence = api.get("/v1/players/" + ann.playerId() + "/presence", bob.token()).body();
      }
      assertEquals("in_game", presence.get("status").asText());
      assertEquals("in_game", api.get("/v1/rooms/" + roomId, host.token()).body().get("status").asText());
      assertFalse(b.hasFrames());
    }
  }

  @Test
  void aPlayerIsInOneRoomAtMostAcrossDevicesAndAnotherRoomIsRefused() throws Exception {
    Api.Guest cleo = api.guest("cleo");
    try (WsClient phone = connect(cleo); WsClient laptop = connect(cleo)) {
      String first =
          phone.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"one\",\"maxPlayers\":2}")
              .get("room").get("roomId").asText();
      JsonNode second =
          laptop.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"two\",\"maxPlayers\":2}");
      assertEquals("already_in_room", second.get("code").asText(), second.toString());
      Api.Guest other = api.guest("other");
      try (WsClient o = connect(other)) {
        String theirs =
            o.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"theirs\",\"maxPlayers\":2}")
                .get("room").get("roomId").asText();
        assertEquals("already_in_room",
            laptop.request("{\"type\":\"room.join\",\"roomId\":\"" + theirs + "\"}").get("code").asText());
        // The laptop never saw the room, yet it can leave it: the membership knows.
        assertEquals("ok", laptop.request("{\"type\":\"room.leave\"}").get("type").asText());
        assertEquals("room.state",
            laptop.request("{\"type\":\"room.join\",\"roomId\":\"" + theirs + "\"}").get("type").asText());
      }
      assertEquals("closed", api.get("/v1/rooms/" + first, cleo.token()).body().get("status").asText());
    }
  }

  /**
   * A host whose last socket is gone past the grace period leaves the open room and hands it on,
   * and not before.
   */
  @Test
  void aHostGoneForGoodLeavesAndHandsTheRoomToTheLongestStandingMember() throws Exception {
    Api.Guest host = api.guest("hasty-host");
    Api.Guest dana = api.guest("dana");
    Api.Guest eve = api.guest("eve");
    try (WsClient d = connect(dana); WsClient e = connect(eve)) {
      WsClient h = connect(host);
      String roomId =
          h.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"migrate\",\"maxPlayers\":4}")
              .get("room").get("roomId").asText();
      d.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      e.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      d.expect("room.event"); // eve joined
      h.drop(); // no close handshake: the session waits out its grace period (5 s here)
      long dropped = System.currentTimeMillis();
      assertEquals(3, api.get("/v1/rooms/" + roomId, dana.token()).body().get("players").asInt(),
          "not before the grace period");
      JsonNode left = d.expect("room.event");
      assertEquals("left", left.get("event").asText(), left.toString());
      assertEquals(host.playerId(), left.get("playerId").asText());
      assertTrue(System.currentTimeMillis() - dropped >= 4_500, "not before the grace period");
      JsonNode changed = d.expect("room.event");
      assertEquals("host_changed", changed.get("event").asText(), changed.toString());
      assertEquals(dana.playerId(), changed.get("hostId").asText());
      assertEquals("left", e.expect("room.event").get("event").asText());
      assertEquals("host_changed", e.expect("room.event").get("event").asText());
      JsonNode room = api.get("/v1/rooms/" + roomId, dana.token()).body();
      assertEquals(dana.playerId(), room.get("hostId").asText());
      assertEquals(2, room.get("players").asInt(), "an open room lets a member gone for good go");
    }
  }
}
