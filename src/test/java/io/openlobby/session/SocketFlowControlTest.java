package io.openlobby.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.http.Json;
import io.openlobby.session.wire.ClientFrame;
import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.ServerFrameEncoder;
import io.openlobby.session.wire.WireRoomSummary;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.scaladsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.model.ws.TextMessage;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@link SocketStage} in a running stream, written to by an {@link Outbox} inside an
 * actor, with a downstream slower than the sender: the two only share the socket's take counter and
 * its wake-up flag, on different threads. Burst after burst must arrive whole (a lost wake-up would
 * leave the end of a burst waiting for ever), seq never skips, ordinary frames are all there, and
 * lobby diffs merged while the socket was behind still add up to every room's latest state.
 */
class SocketFlowControlTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private static final String MODE = "m";

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Stands in for the Session: owns the Outbox, as the real one does. */
  private static Behavior<Session.Command> session(int outboundBuffer) {
    Outbox outbox = new Outbox(outboundBuffer, 64);
    return Behaviors.receive(Session.Command.class)
        .onMessage(Session.SocketOpened.class, m -> { outbox.attach(m.socket()); return Behaviors.same(); })
        .onMessage(Session.SocketTook.class, m -> { outbox.socketTook(); return Behaviors.same(); })
        .onMessage(Session.LobbyUpdate.class, m -> { outbox.sendLobbyUpdate(m.mode(), m.tail()); return Behaviors.same(); })
        .onMessage(Session.Inbound.class, m -> { outbox.send(new ServerFrame.Pong(null)); return Behaviors.same(); })
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private static String diffTail(String roomId, int players) {
    WireRoomSummary room = new WireRoomSummary(roomId, MODE, "n", "local", "h", players, 1_000_000, "open", Map.of());
    return ServerFrameEncoder.encodeAfterSeq(new ServerFrame.LobbyUpdate(MODE, List.of(room), List.of()));
  }

  @Test
  void burstsAgainstASlowSocketArriveWholeInOrderWithDiffsMergedToTheLatestState() throws Exception {
    ActorRef<Session.Command> session = testKit.spawn(session(10_000));
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    Source.<Message>never()
        .via(Flow.fromGraph(new SocketStage(session, null, 1_000)))
        .throttle(2_000, Duration.ofSeconds(1)) // slower than the bursts come
        .async()
        .runWith(Sink.foreach(m -> received.add(((TextMessage.Strict) m).text())), testKit.system());

    Random random = new Random(7);
    Map<String, Integer> latest = new HashMap<>(); // each room's last diff sent
    Map<String, Integer> seen = new HashMap<>(); // each room's state as the client has it
    int pongsSent = 0;
    int pongsSeen = 0;
    int diffsSent = 0;
    int diffFrames = 0;
    long lastSeq = 0;
    for (int burst = 0; burst < 30; burst++) {
      for (int i = 0; i < 60; i++) {
        if (random.nextInt(4) == 0) {
          session.tell(new Session.Inbound(new ClientFrame.Ping(null)));
          pongsSent++;
        } else {
          String roomId = "r" + random.nextInt(8);
          int players = ++diffsSent;
          latest.put(roomId, players);
          session.tell(new Session.LobbyUpdate(MODE, diffsSent, diffTail(roomId, players)));
        }
      }
      // The burst is done when the client has every pong and every room's latest state.
      while (pongsSeen < pongsSent || !seen.equals(latest)) {
        String text = received.poll(10, TimeUnit.SECONDS);
        assertTrue(text != null, "burst " + burst + " stalled: a frame waits and nobody woke the session");
        JsonNode frame = Json.MAPPER.readTree(text);
        assertEquals(++lastSeq, frame.get("seq").asLong(), "seq never skips");
        if (frame.get("type").asText().equals("pong")) {
          pongsSeen++;
        } else {
          diffFrames++;
          frame.get("upserts").forEach(r -> seen.put(r.get("roomId").asText(), r.get("players").asInt()));
        }
      }
    }
    assertEquals(pongsSent, pongsSeen);
    assertTrue(diffFrames < diffsSent, "diffs behind a busy socket merge: " + diffFrames + " frames for " + diffsSent);
  }
}
