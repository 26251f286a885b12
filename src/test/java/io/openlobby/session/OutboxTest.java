package io.openlobby.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.http.Json;
import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.ServerFrameEncoder;
import io.openlobby.session.wire.WireRoomSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The outbound rules a session applies to its socket, against a socket whose progress the test
 * sets: the window for ordinary frames, one lobby diff in flight with the rest merging behind it,
 * the wake-up asked for whenever frames wait, the slow-consumer close, and seq never skipping. The
 * same rules over real sockets: OutboundBackpressureTest, LobbyTest, RecoveryTest.
 */
class OutboxTest {
  /** A socket that takes frames only when the test says so. */
  private static final class ScriptedSocket implements SocketStage.Socket {
    final List<String> frames = new ArrayList<>();
    long taken;
    boolean wakeAsked;
    boolean completed;

    @Override
    public void send(String frame) {
      frames.add(frame);
    }

    @Override
    public void send(String[] batch) {
      frames.addAll(List.of(batch));
    }

    @Override
    public long taken() {
      return taken;
    }

    @Override
    public void wakeOnTake() {
      wakeAsked = true;
    }

    @Override
    public void ack() {}

    @Override
    public void complete() {
      completed = true;
    }

    /** The socket takes everything handed so far; true if the session asked to hear of it. */
    boolean takeAll() {
      taken = frames.size();
      boolean asked = wakeAsked;
      wakeAsked = false;
      return asked;
    }
  }

  private static WireRoomSummary room(String id, int players) {
    return new WireRoomSummary(id, "m", "n-" + id, "local", "h", players, 4, "open", Map.of());
  }

  private static ServerFrame.LobbyUpdate diff(WireRoomSummary... upserts) {
    return new ServerFrame.LobbyUpdate("m", List.of(upserts), List.of());
  }

  private static void sendDiff(Outbox outbox, ServerFrame.LobbyUpdate diff) {
    outbox.sendLobbyUpdate(diff.mode(), ServerFrameEncoder.encodeAfterSeq(diff));
  }

  private static ServerFrame.Pong pong() {
    return new ServerFrame.Pong(null);
  }

  private static JsonNode json(String frame) throws Exception {
    return Json.MAPPER.readTree(frame);
  }

  @Test
  void ordinaryFramesGoWhileFewerThanTheWindowAreUntakenThenWaitAndAskToBeWoken() throws Exception {
    Outbox outbox = new Outbox(100, 64);
    ScriptedSocket socket = new ScriptedSocket();
    outbox.attach(socket);
    for (int i = 0; i < SocketStage.WINDOW + 3; i++) {
      outbox.send(pong());
    }
    assertEquals(SocketStage.WINDOW, socket.frames.size());
    assertTrue(socket.wakeAsked, "frames wait: the socket must say when it took more");

    assertTrue(socket.takeAll());
    outbox.socketTook();
    assertEquals(SocketStage.WINDOW + 3, socket.frames.size());
    for (int i = 0; i < socket.frames.size(); i++) {
      assertEquals(i + 1, json(socket.frames.get(i)).get("seq").asLong(), "seq never skips");
    }
  }

  @Test
  void aSocketThatKeepsUpNeverNeedsToWakeTheSession() {
    Outbox outbox = new Outbox(100, 64);
    ScriptedSocket socket = new ScriptedSocket();
    outbox.attach(socket);
    for (int i = 0; i < 50; i++) {
      sendDiff(outbox, diff(room("r" + i, 1)));
      outbox.send(pong());
      socket.taken = socket.frames.size(); // taken before the next frame comes
    }
    assertEquals(100, socket.frames.size());
    assertFalse(socket.wakeAsked);
  }

  @Test
  void aLobbyDiffWaitsUntilTheSocketTookEverythingAndTheDiffsBehindItMerge() throws Exception {
    Outbox outbox = new Outbox(100, 64);
    ScriptedSocket socket = new ScriptedSocket();
    outbox.attach(socket);
    sendDiff(outbox, diff(room("a", 1)));
    assertEquals(1, socket.frames.size(), "an idle socket gets a diff at once");

    // The socket has not taken it yet: the next diffs of the mode wait and merge.
    sendDiff(outbox, diff(room("a", 2)));
    sendDiff(outbox, diff(room("b", 1)));
    sendDiff(outbox, diff(room("a", 3)));
    assertEquals(1, socket.frames.size());
    assertTrue(socket.wakeAsked);

    assertTrue(socket.takeAll());
    outbox.socketTook();
    assertEquals(2, socket.frames.size(), "three waiting diffs went as one frame");
    JsonNode merged = json(socket.frames.get(1));
    assertEquals("lobby.update", merged.get("type").asText());
    assertEquals(2, merged.get("seq").asLong());
    Map<String, Integer> players = new HashMap<>();
    merged.get("upserts").forEach(r -> players.put(r.get("roomId").asText(), r.get("players").asInt()));
    assertEquals(Map.of("a", 3, "b", 1), players, "the latest state of each room");
  }

  @Test
  void aLobbyDiffKeepsItsPlaceBehindFramesSentBeforeIt() throws Exception {
    Outbox outbox = new Outbox(100, 64);
    ScriptedSocket socket = new ScriptedSocket();
    outbox.attach(socket);
    outbox.send(pong()); // untaken
    sendDiff(outbox, diff(room("a", 1))); // waits: the socket has not taken the pong
    outbox.send(pong()); // must not overtake the waiting diff
    assertEquals(1, socket.frames.size());

    socket.takeAll();
    outbox.socketTook();
    // The diff goes once the socket took everything before it, and the pong behind it with it
    // (ordinary frames only need room in the window).
    List<String> types = new ArrayList<>();
    for (String f : socket.frames) {
      types.add(json(f).get("type").asText());
    }
    assertEquals(List.of("pong", "lobby.update", "pong"), types);
  }

  @Test
  void aClientBehindByTheBufferIsClosedAsASlowConsumerAndLobbyDiffsAloneNeverCloseIt() throws Exception {
    Outbox lobbyOnly = new Outbox(4, 64);
    ScriptedSocket reader = new ScriptedSocket();
    lobbyOnly.attach(reader);
    for (int i = 0; i < 100; i++) {
      sendDiff(lobbyOnly, diff(room("r" + (i % 7), i)));
    }
    assertFalse(reader.completed, "lobby diffs merge: never a reason to close");
    assertEquals(1, reader.frames.size());

    Outbox outbox = new Outbox(4, 64);
    ScriptedSocket socket = new ScriptedSocket();
    outbox.attach(socket);
    for (int i = 0; i < 20 && !socket.completed; i++) {
      outbox.send(pong());
    }
    assertTrue(socket.completed);
    String last = socket.frames.get(socket.frames.size() - 1);
    assertEquals("closing", json(last).get("type").asText());
    assertEquals("slow_consumer", json(last).get("reason").asText());
    assertEquals(socket.frames.size(), json(last).get("seq").asLong(), "seq never skips");
  }
}
