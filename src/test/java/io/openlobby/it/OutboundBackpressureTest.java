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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbound path under a client that stops reading, over real sockets: waiting lobby diffs merge
 * (the reader is not closed for lobby traffic, and what it gets adds up to the rooms as they are),
 * while other frames still fill the bounded queue and close the reader with slow_consumer; the
 * frames after the closing frame come back on resume. Also: a client frame sent in parts.
 */
class OutboundBackpressureTest {
  private static final int HOSTS = 16;
  /** Diffs the fast reader must have seen before the flood stops: well past what buffers hold. */
  private static final int DIFFS = 80;
  private static final int MAX_FRAME = 8192;

  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of(
                "lobby.session.heartbeat", "60s",
                "lobby.session.outbound-buffer", 16,
                "lobby.session.max-frame-bytes", MAX_FRAME,
                // A small kernel send buffer, so that a paused reader backs the server up sooner.
                "pekko.http.server.socket-options.so-send-buffer-size", 8192));

  private static final Api api = server.api();

  @Test
  void aPausedLobbyReaderGetsFewerMergedUpdatesThatAddUpToTheRoomsAndStaysOpen() throws Exception {
    List<WsClient> hosts = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(HOSTS);
    try (WsClient fast = WsClient.open(api, api.guest("fast").token());
        WsClient slow = WsClient.open(api, api.guest("slow").token())) {
      for (int i = 0; i < HOSTS; i++) {
        hosts.add(WsClient.open(api, api.guest("h" + i).token()));
      }
      Map<String, JsonNode> fastRooms = subscribe(fast);
      Map<String, JsonNode> slowRooms = subscribe(slow);
      slow.pauseReading();

      // Every host creates a room with big attributes and leaves it (the room closes), again and
      // again, until the fast reader has seen DIFFS diffs; then each creates one room that stays.
      AtomicBoolean flooding = new AtomicBoolean(true);
      Set<String> staying = ConcurrentHashMap.newKeySet();
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < HOSTS; i++) {
        WsClient host = hosts.get(i);
        int n = i;
        work.add(
            pool.submit(
                () -> {
                  for (int round = 0; flooding.get(); round++) {
                    create(host, "h" + n + "-" + round);
                    assertEquals("ok", host.request("{\"type\":\"room.leave\"}").get("type").asText());
                  }
                  staying.add(create(host, "h" + n + "-final"));
                  return null;
                }));
      }
      int fastUpdates = 0;
      while (fastUpdates < DIFFS) {
        apply(fastRooms, fast.expect("lobby.update"));
        fastUpdates++;
      }
      flooding.set(false);
      for (Future<?> f : work) {
        f.get();
      }
      while (!fastRooms.keySet().equals(staying)) {
        apply(fastRooms, fast.expect("lobby.update"));
        fastUpdates++;
      }
      assertEquals(staying, listed(), "the fast reader's lobby is the listing");

      slow.resumeReading();
      int slowUpdates = 0;
      while (!slowRooms.keySet().equals(staying)) {
        apply(slowRooms, slow.expect("lobby.update")); // WsClient also checks that seqs never skip
        slowUpdates++;
      }
      assertEquals(fastRooms, slowRooms, "the merged updates add up to the same rooms, summaries included");
      assertTrue(slowUpdates < fastUpdates, "merged while waiting: " + slowUpdates + " vs " + fastUpdates);
      assertFalse(slow.closed().isDone(), "not closed for lobby traffic");
      assertEquals("pong", slow.request("{\"type\":\"ping\",\"rid\":\"alive\"}").get("type").asText());
    } finally {
      pool.shutdownNow();
      hosts.forEach(WsClient::close);
    }
  }

  @Test
  void aPausedReaderFloodedWithOtherFramesIsClosedAndGetsTheRestOnResume() throws Exception {
    Api.Guest g = api.guest("flooded");
    WsClient ws = WsClient.connect(api, g.token());
    String resumeToken = ws.expect("welcome").get("resumeToken").asText();
    subscribe(ws); // a lobby subscription does not shield other frames from the bound
    ws.pauseReading();
    String bigRid = "x".repeat(MAX_FRAME - 100);
    int sent = 0;
    try {
      for (; sent < 400; sent++) {
        ws.send("{\"type\":\"ping\",\"rid\":\"" + bigRid + "\"}");
      }
    } catch (Exception socketClosedUnderUs) {
      // the server may close before all are sent: that is the point
    }
    ws.resumeReading();
    JsonNode last = null;
    int pongs = 0;
    while (last == null || !"closing".equals(last.get("type").asText())) {
      last = ws.next();
      pongs += "pong".equals(last.get("type").asText()) ? 1 : 0;
    }
    assertEquals("slow_consumer", last.get("reason").asText());
    assertTrue(pongs < sent, "the server kept at most its bounded queue plus the socket's buffers");
    long lastSeq = ws.lastSeq();

    // The pongs numbered after the closing frame wait for a resume, in order, then the welcome.
    try (WsClient back =
        WsClient.connect(
                api.ws("/v1/ws?resume=" + resumeToken + "&lastSeq=" + lastSeq),
                Map.of("Authorization", "Bearer " + g.token()))
            .continueFrom(lastSeq)) {
      JsonNode f = back.next();
      int replayed = 0;
      while ("pong".equals(f.get("type").asText())) {
        replayed++;
        f = back.next();
      }
      assertEquals("welcome", f.get("type").asText(), f.toString());
      assertTrue(f.get("resumed").asBoolean());
      assertTrue(replayed > 0, "the frame that found the queue full was kept for the resume");
      back.expect("lobby.snapshot"); // the subscription moved with the session: a fresh snapshot
      assertEquals("pong", back.request("{\"type\":\"ping\"}").get("type").asText());
    }
  }

  @Test
  void aClientFrameInPartsIsReadWholeAndCappedAtTheFrameLimit() throws Exception {
    try (WsClient ws = WsClient.open(api, api.guest("parts").token())) {
      ws.sendInParts("{\"type\":\"pi", "ng\",\"rid\":\"", "x".repeat(3000), "\"}");
      JsonNode pong = ws.expect("pong");
      assertEquals(3000, pong.get("re").asText().length());

      ws.sendInParts("{\"type\":\"ping\",\"rid\":\"", "y".repeat(MAX_FRAME), "\"}");
      JsonNode error = ws.expect("error");
      assertEquals("payload_too_large", error.get("code").asText(), error.toString());

      assertEquals("pong", ws.request("{\"type\":\"ping\"}").get("type").asText(), "the socket stays open");
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Map<String, JsonNode> subscribe(WsClient ws) throws Exception {
    JsonNode snapshot = ws.request("{\"type\":\"lobby.subscribe\",\"mode\":\"flood\"}");
    assertEquals("lobby.snapshot", snapshot.get("type").asText(), snapshot.toString());
    Map<String, JsonNode> rooms = new HashMap<>();
    snapshot.get("rooms").forEach(r -> rooms.put(r.get("roomId").asText(), r));
    return rooms;
  }

  private static void apply(Map<String, JsonNode> rooms, JsonNode update) {
    Set<String> upserted = new HashSet<>();
    update.get("upserts").forEach(r -> upserted.add(r.get("roomId").asText()));
    update.get("removed").forEach(id -> assertFalse(upserted.contains(id.asText()), "both upserted and removed: " + update));
    update.get("upserts").forEach(r -> rooms.put(r.get("roomId").asText(), r));
    update.get("removed").forEach(id -> rooms.remove(id.asText()));
  }

  /** A room with the largest attributes allowed, so that each diff weighs a few KB per room. */
  private static String create(WsClient host, String name) throws Exception {
    StringBuilder attributes = new StringBuilder("{");
    for (int a = 0; a < 16; a++) {
      attributes.append(a == 0 ? "" : ",").append("\"k").append(a).append("\":\"").append("v".repeat(128)).append('"');
    }
    attributes.append('}');
    JsonNode state =
        host.request(
            "{\"type\":\"room.create\",\"mode\":\"flood\",\"name\":\"" + name + "\",\"maxPlayers\":4,\"attributes\":"
                + attributes + "}");
    assertEquals("room.state", state.get("type").asText(), state.toString());
    return state.get("room").get("roomId").asText();
  }

  private static Set<String> listed() {
    JsonNode page = api.get("/v1/lobby/rooms?mode=flood&limit=200", api.guest("lister").token()).body();
    Set<String> ids = new HashSet<>();
    page.get("rooms").forEach(r -> ids.add(r.get("roomId").asText()));
    return ids;
  }
}
