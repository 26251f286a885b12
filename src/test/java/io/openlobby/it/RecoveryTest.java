package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestKeyspace;
import io.openlobby.testkit.TestNode;
import io.openlobby.testkit.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A room written by one actor system is read back by a new one from Cassandra alone. */
class RecoveryTest {

  @Test
  void aNewActorSystemRecoversTheRoomFromCassandra() throws Exception {
    try (TestKeyspace keyspace = TestKeyspace.create()) {
      String roomId;
      Api.Guest host;
      Api.Guest joiner;
      try (TestNode first = TestNode.start(keyspace.name())) {
        Api api = new Api(first);
        host = api.guest("host");
        joiner = api.guest("joiner");
        try (WsClient h = WsClient.connect(api, host.token());
            WsClient j = WsClient.connect(api, joiner.token())) {
          h.next();
          j.next();
          roomId =
              h.request("{\"type\":\"room.create\",\"mode\":\"squads\",\"name\":\"keep\",\"maxPlayers\":8}")
                  .get("room").get("roomId").asText();
          j.request("{\"type\":\"room.join\",\"roomId\":\"" + roomId + "\"}");
        }
      }

      // A second system, with guest login switched off: the old tokens still verify (same key).
      try (TestNode second = TestNode.start(keyspace.name(), Map.of("lobby.auth.guest-enabled", false))) {
        Api api = new Api(second);
        Api.Reply room = api.get("/v1/rooms/" + roomId, host.token());
        assertEquals(200, room.status(), room.raw());
        assertEquals(2, room.body().get("players").asInt());
        List<String> members = new ArrayList<>();
        for (JsonNode m : room.body().get("members")) {
          members.add(m.get("playerId").asText());
        }
        assertEquals(List.of(host.playerId(), joiner.playerId()), members);
        assertEquals(host.playerId(), room.body().get("hostId").asText());

        Api.Reply history = api.get("/v1/rooms/" + roomId + "/events", joiner.token());
        assertEquals(2, history.body().get("events").size());

        Api.Reply guest = api.post("/v1/auth/guest", "{\"name\":\"late\"}", null);
        assertEquals(403, guest.status());
        assertEquals("guest_auth_disabled", guest.body().get("code").asText());
      }
    }
  }
}
