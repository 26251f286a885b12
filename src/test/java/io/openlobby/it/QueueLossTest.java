package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.match.Queue;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.util.Map;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Queues are soft state: a queue that is gone without handing its tickets on (its node crashed)
 * must not leave its players waiting forever. Their Player entities ask the queue at a heartbeat;
 * a ticket it no longer knows ends with reason {@code lost} and the player can queue again.
 */
class QueueLossTest {
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of(
              "lobby.session.heartbeat", "1s",
              "lobby.matchmaking.ticket-check-interval", "1s"));

  private static final Api api = server.api();

  private static Api.Reply ticket(Api.Guest g) {
    return api.post("/v1/matchmaking/tickets", "{\"mode\":\"duel\",\"region\":\"eu\",\"skill\":1500}", g.token());
  }

  /**
   * Pings every half second (the heartbeat is 1 s: a client must keep talking) until a frame other
   * than a pong or a searching ticket's position update arrives, and returns it.
   */
  private static JsonNode nextEnd(WsClient ws) throws Exception {
    for (int i = 0; i < 60; i++) {
      ws.send("{\"type\":\"ping\",\"rid\":\"w" + i + "\"}");
      while (true) {
        JsonNode f = ws.next();
        String type = f.path("type").asText();
        if (type.equals("pong")) {
          break;
        }
        if (!(type.equals("match.status") && f.path("status").asText().equals("searching"))) {
          return f;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no end of the ticket within 30 s");
  }

  @Test
  void aTicketWhoseQueueIsGoneEndsAsLostAndThePlayerCanQueueAgain() throws Exception {
    Api.Guest g = api.guest("lena");
    try (WsClient ws = WsClient.open(api, g.token())) {
      Api.Reply first = ticket(g);
      assertEquals(201, first.status(), first.raw());
      String ticketId = first.body().get("ticketId").asText();

      // Several checks pass while the queue has the ticket: a live ticket is never called lost.
      for (int i = 0; i < 8; i++) {
        ws.send("{\"type\":\"ping\",\"rid\":" + i + "}");
        Thread.sleep(500);
      }
      assertEquals(
          "searching",
          api.get("/v1/matchmaking/tickets/" + ticketId, g.token()).body().get("status").asText());

      ClusterSharding.get(server.node().system())
          .entityRefFor(Queue.ENTITY_KEY, "duel:eu")
          .tell(new Queue.Stop());

      JsonNode lost = nextEnd(ws);
      assertEquals("match.status", lost.get("type").asText(), lost.toString());
      assertEquals(ticketId, lost.get("ticketId").asText());
      assertEquals("cancelled", lost.get("status").asText());
      assertEquals("lost", lost.get("reason").asText());

      Api.Reply read = api.get("/v1/matchmaking/tickets/" + ticketId, g.token());
      assertEquals(404, read.status(), read.raw());
      Api.Reply again = ticket(g);
      assertEquals(201, again.status(), "the player can queue again: " + again.raw());
    }
  }
}
