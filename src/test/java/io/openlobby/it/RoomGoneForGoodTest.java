package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Members whose last socket closed and whose grace period passed (issue #4), over real sockets
 * against the real Cassandra: an open room lets them go, a game keeps them as away members until
 * every member is away, then closes.
 */
class RoomGoneForGoodTest {
  private static final Duration GRACE = Duration.ofSeconds(2);

  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of(
              "lobby.presence.grace", GRACE.toMillis() + "ms",
              "lobby.session.heartbeat", "60s"));

  private static final Api api = server.api();

  private static WsClient connect(Api.Guest g) throws Exception {
    return WsClient.open(api, g.token());
  }

  private static String create(WsClient host, String name) throws Exception {
    JsonNode reply =
        host.request("{\"type\":\"room.create\",\"mode\":\"gone\",\"name\":\"" + name + "\",\"maxPlayers\":4}");
    assertEquals("room.state", reply.get("type").asText(), reply.toString());
    return reply.get("room").get("roomId").asText();
  }

  private static JsonNode join(WsClient c, String roomId) throws Exception {
    return c.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
  }

  private static JsonNode room(String roomId, Api.Guest as) {
    return api.get("/v1/rooms/" + roomId, as.token()).body();
  }

  /** Polls the room until {@code condition} holds (the room acts after the grace period). */
  static JsonNode awaitRoom(Api api, String roomId, String token, Predicate<JsonNode> condition)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode room = api.get("/v1/rooms/" + roomId, token).body();
    while (!condition.test(room) && System.nanoTime() < end) {
      Thread.sleep(100);
      room = api.get("/v1/rooms/" + roomId, token).body();
    }
    assertTrue(condition.test(room), room.toString());
    return room;
  }

  static boolean isAway(JsonNode room, String playerId) {
    for (JsonNode m : room.get("members")) {
      if (m.get("playerId").asText().equals(playerId)) {
        return m.get("away").asBoolean();
      }
    }
    return false;
  }

  static String lastHistoryEvent(Api api, String roomId, String token) {
    JsonNode events = api.get("/v1/rooms/" + roomId + "/events", token).body().get("events");
    return events.get(events.size() - 1).get("event").asText();
  }

  @Test
  void anOpenRoomsMemberGoneForGoodLeavesItAndTheOthersHearLeft() throws Exception {
    Api.Guest host = api.guest("host");
    Api.Guest bea = api.guest("bea");
    try (WsClient h = connect(host)) {
      WsClient b = connect(bea);
      String roomId = create(h, "open");
      join(b, roomId);
      assertEquals("joined", h.expect("room.event").get("event").asText());
      b.drop();
      assertEquals(2, room(roomId, host).get("players").asInt(), "not before the grace period");

      JsonNode left = h.expect("room.event");
      assertEquals("left", left.get("event").asText(), left.toString());
      assertEquals(bea.playerId(), left.get("playerId").asText());
      JsonNode after = room(roomId, host);
      assertEquals(1, after.get("players").asInt());
      assertEquals("open", after.get("status").asText());
      assertEquals("left", lastHistoryEvent(api, roomId, host.token()), "persisted");
      try (WsClient again = connect(bea)) { // the membership let go: another room is fine
        create(again, "next");
      }
    }
  }

  @Test
  void aResumeWithinTheGracePeriodKeepsTheMember() throws Exception {
    Api.Guest host = api.guest("host");
    Api.Guest cid = api.guest("cid");
    try (WsClient h = connect(host)) {
      WsClient c = WsClient.connect(api, cid.token());
      String resumeToken = c.expect("welcome").get("resumeToken").asText();
      String roomId = create(h, "resume");
      join(c, roomId);
      h.expect("room.event"); // joined
      long lastSeq = c.lastSeq();
      c.drop();
      try (WsClient back =
          WsClient.connect(
                  api.ws("/v1/ws?resume=" + resumeToken + "&lastSeq=" + lastSeq),
                  Map.of("Authorization", "Bearer " + cid.token()))
              .continueFrom(lastSeq)) {
        assertTrue(back.expect("welcome").get("resumed").asBoolean());
        h.expectNothing(GRACE.multipliedBy(2)); // past the old socket's grace period: no left
        assertEquals(2, room(roomId, host).get("players").asInt());
      }
    }
  }

  @Test
  void aGameKeepsAnAwayMemberAndClosesOnceEveryMemberIsAway() throws Exception {
    Api.Guest host = api.guest("host");
    Api.Guest dov = api.guest("dov");
    WsClient h = connect(host);
    WsClient d = connect(dov);
    String roomId = create(h, "game");
    join(d, roomId);
    h.expect("room.event"); // joined
    d.request("{\"type\":\"room.ready\",\"ready\":true}");
    assertEquals("ok", h.request("{\"type\":\"room.start\"}").get("type").asText());

    d.drop();
    JsonNode away = awaitRoom(api, roomId, host.token(), r -> isAway(r, dov.playerId()));
    assertEquals(2, away.get("players").asInt(), "an away member stays a member of its game");
    assertEquals("in_game", away.get("status").asText());
    assertEquals("away", lastHistoryEvent(api, roomId, host.token()));

    // Dov comes back on a new session and asks for its room again: no longer away.
    d = connect(dov);
    JsonNode rejoined = join(d, roomId);
    assertEquals("room.state", rejoined.get("type").asText(), rejoined.toString());
    assertFalse(isAway(rejoined.get("room"), dov.playerId()), rejoined.toString());
    assertEquals("back", lastHistoryEvent(api, roomId, host.token()));
    while (h.hasFrames()) {
      assertFalse("left".equals(h.next().path("event").asText()), "nobody left the game");
    }

    // Now everybody goes: the room closes as abandoned and lets go of both players.
    h.drop();
    d.drop();
    awaitRoom(api, roomId, host.token(), r -> r.get("status").asText().equals("closed"));
    assertEquals("abandoned", lastHistoryEvent(api, roomId, host.token()));
    for (Api.Guest g : new Api.Guest[] {host, dov}) {
      try (WsClient again = connect(g)) {
        create(again, "after"); // not already_in_room
      }
    }
  }
}
