package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Short real runs of the idle scenario against {@link FakeLobbyServer} on loopback. */
class IdleRunTest {

  @Test
  @Timeout(60)
  void bringsEveryPlayerOnlineHoldsAndCloses(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      int code = Main.execute("--scenario", "idle", "--target", server.url(), "--players", "40",
          "--ramp", "400", "--duration", "1s", "--source-addresses", "127.0.0.1,127.0.0.2",
          "--report", dir.toString(), "--quiet");
      assertEquals(0, code);
      JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
      assertEquals("completed", s.path("outcome").asText());
      assertEquals(40, s.path("counts").path("connected").asInt());
      assertEquals(40, s.path("counts").path("openAtHoldEnd").asInt());
      assertEquals(0, s.path("counts").path("failedPlayers").asInt());
      assertEquals(0, s.path("counts").path("droppedWhileHeld").asInt());
      assertEquals(40, s.path("counts").path("pingsReceived").asInt());
      for (String h : new String[] {"login", "connect", "total"}) {
        JsonNode l = s.path("latencyMs").path(h);
        assertEquals(40, l.path("count").asInt(), h);
        assertTrue(l.path("p50").asDouble() > 0 && l.path("p50").asDouble() <= l.path("p99").asDouble(), h);
        assertTrue(l.path("p99").asDouble() <= l.path("max").asDouble(), h);
      }
      assertTrue(s.path("ramp").path("connectsPerSecond").asDouble() > 0);
      assertEquals(40, server.logins.get());
      assertEquals(40, server.upgrades.get());
      assertEquals(40, server.pongs.get(), "every server ping is answered");
      waitFor(() -> server.clientCloses.get() == 40);
    }
  }

  @Test
  @Timeout(60)
  void retriesRefusedUpgradesAndCountsThemByKind(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of("p3"))) {
      int code = Main.execute("--target", server.url(), "--players", "5", "--ramp", "100",
          "--duration", "0s", "--max-attempts", "2", "--report", dir.toString(), "--quiet");
      assertEquals(1, code);
      JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
      assertEquals(4, s.path("counts").path("connected").asInt());
      assertEquals(1, s.path("counts").path("failedPlayers").asInt());
      assertEquals(6, s.path("counts").path("attempts").asInt());
      assertEquals(2, s.path("errors").path("upgrade_http_401").asInt());
      assertEquals(2, server.refused.get());
    }
  }

  @Test
  @Timeout(30)
  void aRefusedConnectionIsAnError(@TempDir Path dir) throws Exception {
    String url;
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      url = server.url();
    }
    int code = Main.execute("--target", url, "--players", "1", "--ramp", "1", "--duration", "0s",
        "--max-attempts", "1", "--report", dir.toString(), "--quiet");
    assertEquals(1, code);
    JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    assertEquals(1, s.path("counts").path("failedPlayers").asInt());
    assertEquals(1, s.path("errors").size());
  }

  @Test
  @Timeout(60)
  void pingsAtLeastEveryHeartbeat(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of(), 200, false)) {
      int code = Main.execute("--target", server.url(), "--players", "10", "--ramp", "1000",
          "--duration", "2s", "--report", dir.toString(), "--quiet");
      assertEquals(0, code);
      // every 160 ms +-10% after a first ping within 160 ms: at least 10 per player in 2 s
      assertTrue(server.appPings.get() >= 100, "pings: " + server.appPings.get());
      JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
      assertTrue(s.path("counts").path("appPingsSent").asInt() >= 100);
      assertTrue(s.path("counts").path("appPongsReceived").asInt() >= 90);
      assertEquals(0, s.path("closing").size());
    }
  }

  @Test
  @Timeout(60)
  void closingFramesAreCountedByReason(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of(), 15_000, true)) {
      int code = Main.execute("--target", server.url(), "--players", "5", "--ramp", "100",
          "--duration", "1s", "--report", dir.toString(), "--quiet");
      assertEquals(1, code);
      JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
      assertEquals(5, s.path("closing").path("silent").asInt());
      assertEquals(5, s.path("counts").path("droppedWhileHeld").asInt());
      assertEquals(5, s.path("errors").path("dropped_closing_silent").asInt());
    }
  }

  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertTrue(condition.getAsBoolean());
  }
}
