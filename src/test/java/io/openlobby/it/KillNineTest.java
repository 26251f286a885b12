package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.ServerProcess;
import io.openlobby.testkit.TestKeyspace;
import io.openlobby.testkit.WsClient;
import org.junit.jupiter.api.Test;

/** An acknowledged room change survives {@code kill -9} of the server process. */
class KillNineTest {

  @Test
  void acknowledgedRoomChangesSurviveSigkill() throws Exception {
    try (TestKeyspace keyspace = TestKeyspace.create()) {
      int port = ServerProcess.freePort();
      String roomId;
      Api.Guest host;
      Api.Guest joiner;
      try (ServerProcess first = ServerProcess.start(keyspace.name(), port)) {
        Api api = new Api(first::uri);
        host = api.guest("host");
        joiner = api.guest("joiner");
        try (WsClient h = WsClient.connect(api, host.token());
            WsClient j = WsClient.connect(api, joiner.token())) {
          h.next();
          j.next();
          roomId =
              h.request("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"durable\",\"maxPlayers\":2}")
                  .get("room").get("roomId").asText();
          JsonNode joined = j.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
          assertEquals("room.state", joined.get("type").asText());
          // Both changes were acknowledged; now the process dies without any chance to flush.
          first.kill9();
        }
      }
      try (ServerProcess second = ServerProcess.start(keyspace.name(), port)) {
        Api api = new Api(second::uri);
        Api.Reply room = api.get("/v1/rooms/" + roomId, host.token());
        assertEquals(200, room.status(), room.raw());
        assertEquals("full", room.body().get("status").asText());
        assertEquals(2, room.body().get("players").asInt());
        Api.Reply history = api.get("/v1/rooms/" + roomId + "/events", joiner.token());
        assertEquals(2, history.body().get("events").size(), history.raw());
      }
    }
  }
}
