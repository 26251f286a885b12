package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The first durable path, end to end over a real socket against the real local Cassandra: guest
 * login, welcome, room commands, and the room's history read back from the journal.
 */
class SocketToCassandraTest {
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of());

  private static final Api api = server.api();

  @Test
  void guestGetsWelcomeAndPong() throws Exception {
    Api.Guest alice = api.guest("alice");
    try (WsClient ws = WsClient.connect(api, alice.token())) {
      JsonNode welcome = ws.next();
      assertEquals("welcome", welcome.get("type").asText());
      assertEquals(1, welcome.get("seq").asLong());
      assertEquals(alice.playerId(), welcome.get("playerId").asText());
      assertFalse(welcome.get("resumed").asBoolean());
      assertTrue(welcome.get("heartbeatMs").asLong() > 0);
      assertFalse(welcome.get("sessionId").asText().isEmpty());
      assertFalse(welcome.get("resumeToken").asText().isEmpty());

      JsonNode pong = ws.request("{\"type\":\"ping\",\"rid\":\"p1\"}");
      assertEquals("pong", pong.get("type").asText());
      assertEquals("p1", pong.get("re").asText());
      JsonNode numeric = ws.request("{\"type\":\"ping\",\"rid\":42}");
      assertEquals(42, numeric.get("re").asInt(), "a numeric rid comes back as a number");
    }
  }

  @Test
  void createdRoomIsPersistedInCassandraAndReadBackAsHistory() throws Exception {
    Api.Guest host = api.guest("host");
    Api.Guest bob = api.guest("bob");
    String roomId;
    try (WsClient hostWs = WsClient.connect(api, host.token());
        WsClient bobWs = WsClient.connect(api, bob.token())) {
      hostWs.next();
      bobWs.next();
      JsonNode created =
          hostWs.request(
              "{\"type\":\"room.create\",\"rid\":\"c1\",\"mode\":\"duel\",\"name\":\"Friday\","
                  + "\"maxPlayers\":4,\"attributes\":{\"map\":\"dust\"}}");
      assertEquals("room.state", created.get("type").asText(), created.toString());
      assertEquals("c1", created.get("re").asText());
      JsonNode room = created.get("room");
      roomId = room.get("roomId").asText();
      assertEquals(host.playerId(), room.get("hostId").asText());
      assertEquals("open", room.get("status").asText());
      assertEquals(1, room.get("players").asInt());
      assertEquals("dust", room.get("attributes").get("map").asText());
      assertEquals("local", room.get("region").asText());

      // The reply came after the write: the event is in Cassandra's journal table now.
      long rows =
          server.keyspace()
              .session()
              .execute(
                  "SELECT count(*) FROM " + server.keyspace().name()
                      + ".messages WHERE persistence_id = ? AND partition_nr = 0",
                  "Room|" + roomId)
              .one()
              .getLong(0);
      assertEquals(1, rows);

      JsonNode joined = bobWs.request("{\"type\":\"room.join\",\"rid\":\"j1\",\"roomId\":\"" + roomId + "\"}");
      assertEquals("room.state", joined.get("type").asText(), joined.toString());
      assertEquals(2, joined.get("room").get("players").asInt());
      JsonNode left = bobWs.request("{\"type\":\"room.leave\",\"rid\":\"l1\"}");
      assertEquals("ok", left.get("type").asText(), left.toString());
      assertEquals("l1", left.get("re").asText());
    }

    Api.Reply history = api.get("/v1/rooms/" + roomId + "/events", host.token());
    assertEquals(200, history.status(), history.raw());
    List<String> kinds = new ArrayList<>();
    history.body().get("events").forEach(e -> kinds.add(e.get("event").asText()));
    assertEquals(List.of("created", "joined", "left"), kinds);
    JsonNode first = history.body().get("events").get(0);
    assertEquals(1, first.get("seqNr").asLong());
    assertEquals(host.playerId(), first.get("hostId").asText());
    assertEquals(bob.playerId(), history.body().get("events").get(1).get("playerId").asText());

    Api.Reply limited = api.get("/v1/rooms/" + roomId + "/events?limit=1", bob.token());
    assertEquals(1, limited.body().get("events").size());

    Api.Reply current = api.get("/v1/rooms/" + roomId, bob.token());
    assertEquals(200, current.status());
    assertEquals(1, current.body().get("players").asInt());
  }

  @Test
  void aFullRoomRefusesTheNextJoinAndTheLastLeaveClosesIt() throws Exception {
    Api.Guest host = api.guest("host");
    Api.Guest second = api.guest("second");
    Api.Guest third = api.guest("third");
    try (WsClient h = WsClient.connect(api, host.token());
        WsClient s = WsClient.connect(api, second.token());
        WsClient t = WsClient.connect(api, third.token())) {
      h.next();
      s.next();
      t.next();
      String roomId =
          h.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"1v1\",\"maxPlayers\":2}")
              .get("room").get("roomId").asText();
      JsonNode ok = s.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      assertEquals("full", ok.get("room").get("status").asText());
      JsonNode full = t.request("{\"type\":\"room.join\",\"rid\":\"x\",\"roomId\":\"" + roomId + "\"}");
      assertEquals("error", full.get("type").asText());
      assertEquals("room_full", full.get("code").asText());
      assertEquals("x", full.get("re").asText());
      assertFalse(full.get("retryable").asBoolean());

      // The host leaves: the other member becomes host; then the last one leaves: closed.
      assertEquals("ok", h.request("{\"type\":\"room.leave\"}").get("type").asText());
      Api.Reply afterHost = api.get("/v1/rooms/" + roomId, second.token());
      assertEquals(second.playerId(), afterHost.body().get("hostId").asText());
      assertEquals("ok", s.request("{\"type\":\"room.leave\"}").get("type").asText());
      Api.Reply closed = api.get("/v1/rooms/" + roomId, second.token());
      assertEquals("closed", closed.body().get("status").asText());
      JsonNode late = t.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      assertEquals("room_closed", late.get("code").asText());
    }
  }

  @Test
  void aPrivateRoomAndItsCodeAreSeenByMembersAlone() throws Exception {
    Api.Guest host = api.guest("host");
    Api.Guest guest = api.guest("guest");
    try (WsClient h = WsClient.connect(api, host.token());
        WsClient g = WsClient.connect(api, guest.token())) {
      h.next();
      g.next();
      JsonNode room =
          h.request(
                  "{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"secret\",\"maxPlayers\":3,"
                      + "\"private\":true}")
              .get("room");
      String roomId = room.get("roomId").asText();
      String code = room.get("joinCode").asText();
      assertEquals(6, code.length());
      assertTrue(room.get("private").asBoolean());

      assertEquals(404, api.get("/v1/rooms/" + roomId, guest.token()).status());
      assertEquals(404, api.get("/v1/rooms/" + roomId + "/events", guest.token()).status());
      JsonNode noCode = g.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
      assertEquals("room_not_found", noCode.get("code").asText());
      JsonNode wrongCode =
          g.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\",\"joinCode\":\"AAAAAA\"}");
      assertEquals("room_not_found", wrongCode.get("code").asText());
      JsonNode joined =
          g.request(
              "{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\",\"joinCode\":\"" + code + "\"}");
      assertEquals(code, joined.get("room").get("joinCode").asText());
      assertEquals(200, api.get("/v1/rooms/" + roomId, guest.token()).status());

      Api.Guest outsider = api.guest("outsider");
      assertEquals(404, api.get("/v1/rooms/" + roomId, outsider.token()).status());

      // A friend who only has the code: the code alone finds the room; a wrong one finds nothing.
      Api.Guest friend = api.guest("friend");
      try (WsClient f = WsClient.connect(api, friend.token())) {
        f.next();
        assertEquals("room_not_found", f.request("{\"type\":\"room.join\",\"joinCode\":\"ZZZZZZ\"}").get("code").asText());
        JsonNode byCode = f.request("{\"type\":\"room.join\",\"joinCode\":\"" + code + "\"}");
        assertEquals(roomId, byCode.get("room").get("roomId").asText(), byCode.toString());
      }
    }
  }
}
