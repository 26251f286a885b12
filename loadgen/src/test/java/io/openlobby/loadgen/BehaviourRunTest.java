package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Short real runs of the lobby, matchmaking and mixed scenarios against {@link FakeLobbyServer}. */
class BehaviourRunTest {

  static JsonNode run(FakeLobbyServer server, Path dir, String scenarioJson, int players, String... more)
      throws Exception {
    Path file = dir.resolve("scenario.json");
    Files.writeString(file, scenarioJson);
    String[] base = {"--scenario", file.toString(), "--target", server.url(), "--players", String.valueOf(players),
        "--ramp", "500", "--duration", "3s", "--report", dir.resolve("report").toString(), "--quiet"};
    String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(more))
        .toArray(String[]::new);
    assertEquals(0, Main.execute(args));
    assertTrue(Files.size(dir.resolve("report/report.html")) > 150_000);
    assertTrue(Files.readString(dir.resolve("report/summary.txt")).contains("behaviours: players"));
    return new ObjectMapper().readTree(dir.resolve("report/summary.json").toFile());
  }

  @Test
  @Timeout(60)
  void lobby(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      JsonNode s = run(server, dir, "{\"scenario\":\"lobby\",\"mix\":{\"lobby\":1},\"lobby\":{\"hostFraction\":0.25,"
          + "\"maxPlayers\":3,\"roomLifetimeMs\":800,\"visitMs\":400,\"thinkMs\":100,\"chatIntervalMs\":100,"
          + "\"pageSize\":1,\"browsePages\":3}}", 20);
      JsonNode b = s.path("behaviours");
      assertEquals(20, b.path("players").path("lobby").asInt());
      JsonNode c = b.path("counts").path("lobby");
      assertTrue(server.rooms.creates.get() > 5, "hosts create rooms again and again");
      assertTrue(server.rooms.joins.get() > 0 && server.rooms.chats.get() > 0 && server.rooms.leaves.get() > 0);
      assertTrue(server.rooms.pagesWithCursor.get() > 0, "browsing follows nextCursor");
      assertEquals(server.rooms.listings.get(), server.attrFiltered.get(), "every listing filters on the tag");
      assertEquals(server.rooms.creates.get(), c.path("acks.room.create").asInt());
      assertEquals(server.rooms.chats.get(), c.path("acks.room.chat").asInt());
      assertEquals(20, c.path("acks.lobby.subscribe").asInt());
      assertTrue(c.path("deliveries").asLong() > 0);
      // the fake tells every subscriber; only an update that overtakes its ack is not matched
      assertTrue(c.path("changesNotSeenByAll").asLong() * 20 <= c.path("changes").asLong(), c.toString());
      assertTrue(c.path("deliveries").asLong() * 1.05 >= c.path("expectedDeliveries").asLong(), c.toString());
      assertEquals(c.path("changes").asLong(), s.path("behaviours").path("latencyMs").path("lobby.fanout.last").path("count").asLong());
      assertEquals(c.path("deliveries").asLong(), s.path("behaviours").path("latencyMs").path("lobby.fanout").path("count").asLong());
      for (String h : new String[] {"room.create", "room.join", "room.chat", "room.leave", "lobby.browse"}) {
        assertTrue(s.path("behaviours").path("latencyMs").path(h).path("count").asLong() > 0, h);
      }
      assertTrue(b.path("roomEventsAckedPerSecond").asDouble() > 0);
      assertTrue(s.path("counts").path("framesSent").asLong() > 0);
      assertTrue(s.path("timeSeries").path("open").size() > 2, "sampled once a second");
    }
  }

  @Test
  @Timeout(60)
  void matchmakingWithPartiesAndDeclines(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      JsonNode s = run(server, dir, "{\"scenario\":\"matchmaking\",\"mix\":{\"matchmaking\":1},\"matchmaking\":{"
          + "\"mode\":\"duel\",\"partyMode\":\"squads\",\"partyFraction\":0.5,\"declineFraction\":0.2,"
          + "\"acceptThinkMs\":50,\"playMs\":200,\"requeueMs\":50,\"ticketTimeoutMs\":1500}}", 16);
      JsonNode c = s.path("behaviours").path("counts").path("matchmaking");
      assertEquals(4, c.path("parties").asInt(), "half of 16 players in parties of two");
      assertTrue(server.matchmaker.partyTickets.get() > 0);
      assertTrue(server.matchmaker.matches.get() > 2, "matches: " + server.matchmaker.matches.get());
      assertTrue(server.matchmaker.accepts.get() > 0);
      assertTrue(c.path("status.proposed").asLong() > 0);
      long found = s.path("behaviours").path("latencyMs").path("match.found").path("count").asLong();
      assertTrue(found > 0);
      assertEquals(found, c.path("matches").asLong());
      long lastTicket = s.path("behaviours").path("latencyMs").path("match.found.lastTicket").path("count").asLong();
      assertTrue(lastTicket > 0 && lastTicket * 2 <= found, "one per duel of two solo tickets: " + lastTicket);
      assertTrue(s.path("behaviours").path("latencyMs").path("ticket.post").path("count").asLong() >= found);
      assertTrue(s.path("behaviours").path("latencyMs").path("room.leave").path("count").asLong() > 0, "players leave and queue again");
      assertTrue(server.matchmaker.tickets.get() > server.matchmaker.matches.get() * 2, "queued again after playing");
    }
  }

  @Test
  @Timeout(60)
  void mixedWithResumes(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      JsonNode s = run(server, dir, "{\"scenario\":\"mixed\",\"mix\":{\"presence\":0.5,\"lobby\":0.3,"
          + "\"matchmaking\":0.2},\"presence\":{\"watchersPerPlayer\":3,\"changeRate\":0.5},\"resume\":{\"rate\":0.3},"
          + "\"lobby\":{\"thinkMs\":100,\"roomLifetimeMs\":500,\"visitMs\":300},"
          + "\"matchmaking\":{\"acceptThinkMs\":50,\"playMs\":200,\"requeueMs\":50}}", 30);
      JsonNode p = s.path("behaviours").path("players");
      assertEquals(30, p.path("presence").asInt() + p.path("lobby").asInt() + p.path("matchmaking").asInt());
      assertEquals(15, p.path("presence").asInt(), 1);
      JsonNode c = s.path("behaviours").path("counts");
      assertTrue(c.path("presence").path("resumed").asLong() > 0, "resumed: " + c.path("presence"));
      assertEquals(0, c.path("presence").path("resumedFalse").asLong());
      assertEquals(server.resumes.get(), c.path("presence").path("resumed").asLong());
      assertTrue(c.path("presence").path("delivered").asLong() > 0);
      assertTrue(c.path("lobby").path("acks.room.create").asLong() > 0);
      assertTrue(server.matchmaker.tickets.get() > 0);
      assertEquals(0, s.path("counts").path("droppedWhileHeld").asLong(), "a resume is not a drop");
      assertEquals(30, s.path("counts").path("openAtHoldEnd").asLong());
    }
  }

  @Test
  @Timeout(60)
  void lobbyShardsMerge(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      Path file = dir.resolve("lobby.json");
      Files.writeString(file, "{\"scenario\":\"lobby\",\"mix\":{\"lobby\":1},\"lobby\":{\"hostFraction\":0.3,"
          + "\"roomLifetimeMs\":600,\"visitMs\":300,\"thinkMs\":100,\"chatIntervalMs\":200}}");
      java.util.List<java.util.concurrent.CompletableFuture<Integer>> shards = new java.util.ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        String[] args = {"--scenario", file.toString(), "--target", server.url(), "--players", "13", "--ramp", "500",
            "--duration", "2s", "--shard", i + "/2", "--report", dir.resolve("s" + i).toString(), "--quiet"};
        shards.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> Main.execute(args)));
      }
      for (var f : shards) {
        assertEquals(0, f.get());
      }
      assertEquals(0, Main.execute("merge", dir.resolve("s1").toString(), dir.resolve("s2").toString(),
          "--report", dir.resolve("m").toString()));
      ObjectMapper json = new ObjectMapper();
      JsonNode a = json.readTree(dir.resolve("s1/summary.json").toFile()).path("behaviours");
      JsonNode b = json.readTree(dir.resolve("s2/summary.json").toFile()).path("behaviours");
      JsonNode m = json.readTree(dir.resolve("m/summary.json").toFile());
      assertEquals(7, a.path("players").path("lobby").asInt());
      assertEquals(6, b.path("players").path("lobby").asInt());
      assertEquals(13, m.path("behaviours").path("players").path("lobby").asInt());
      long creates = a.path("counts").path("lobby").path("acks.room.create").asLong()
          + b.path("counts").path("lobby").path("acks.room.create").asLong();
      assertEquals(creates, m.path("behaviours").path("counts").path("lobby").path("acks.room.create").asLong());
      assertEquals(server.rooms.creates.get(), creates);
      assertEquals(a.path("roomEventsAckedPerSecond").asDouble() + b.path("roomEventsAckedPerSecond").asDouble(),
          m.path("behaviours").path("roomEventsAckedPerSecond").asDouble(), 0.11);
      assertEquals(a.path("latencyMs").path("room.create").path("count").asLong()
          + b.path("latencyMs").path("room.create").path("count").asLong(),
          m.path("latencyMs").path("room.create").path("count").asLong());
      // the time series add up sample by sample, and the merged run gets its own report
      JsonNode ta = json.readTree(dir.resolve("s1/summary.json").toFile()).path("timeSeries").path("open");
      JsonNode tb = json.readTree(dir.resolve("s2/summary.json").toFile()).path("timeSeries").path("open");
      JsonNode tm = m.path("timeSeries").path("open");
      assertEquals(Math.max(ta.size(), tb.size()), tm.size());
      assertEquals(ta.path(1).asLong() + tb.path(1).asLong(), tm.path(1).asLong());
      assertTrue(Files.readString(dir.resolve("m/report.html")).contains("\"room.create\":["));
      assertTrue(Files.readString(dir.resolve("m/summary.txt")).contains("merged 2 shards"));
    }
  }
}
