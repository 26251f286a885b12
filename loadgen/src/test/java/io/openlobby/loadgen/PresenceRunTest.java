package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Short real runs of the presence scenario against {@link FakeLobbyServer} on loopback. */
class PresenceRunTest {

  @Test
  @Timeout(60)
  void everyChangeReachesEveryWatcher(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      int code = Main.execute("--scenario", "presence", "--target", server.url(), "--players", "30",
          "--ramp", "300", "--duration", "2s", "--watchers-per-player", "5", "--change-rate", "0.5",
          "--report", dir.toString(), "--quiet");
      assertEquals(0, code);
      JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
      JsonNode p = s.path("presence");
      assertEquals(30, p.path("snapshots").asInt());
      assertEquals(150, p.path("watchedIds").asInt());
      assertEquals(30, p.path("changesSent").asInt(), "15 changes/s for 2 s");
      assertEquals(150, p.path("expectedDeliveries").asInt());
      assertEquals(150, p.path("delivered").asInt());
      assertEquals(1.0, p.path("deliveredRatio").asDouble());
      assertEquals(150, p.path("latencyMs").path("count").asInt());
      assertTrue(s.path("histograms").path("presence").asText().length() > 0);
      assertEquals(30, server.watches.get());
      assertEquals(30, server.sets.get());
    }
  }

  @Test
  @Timeout(90)
  void shardsSwapIdsWatchAcrossAndMerge(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      Path sync = dir.resolve("sync");
      CompletableFuture<Integer>[] shards = new CompletableFuture[2];
      for (int i = 1; i <= 2; i++) {
        String shard = i + "/2";
        Path report = dir.resolve("s" + i);
        shards[i - 1] = CompletableFuture.supplyAsync(() -> Main.execute("--scenario", "presence",
            "--target", server.url(), "--players", "21", "--ramp", "300", "--duration", "2s",
            "--watchers-per-player", "4", "--change-rate", "0.5", "--shard", shard,
            "--sync-dir", sync.toString(), "--report", report.toString(), "--quiet"));
      }
      assertEquals(0, shards[0].get());
      assertEquals(0, shards[1].get());
      assertEquals(21, server.watches.get());
      assertEquals(0, Main.execute("merge", dir.resolve("s1").toString(), dir.resolve("s2").toString(),
          "--report", dir.resolve("merged").toString()));
      JsonNode m = new ObjectMapper().readTree(dir.resolve("merged/summary.json").toFile());
      JsonNode p = m.path("presence");
      assertEquals(21, m.path("counts").path("connected").asInt());
      assertEquals(84, p.path("watchedIds").asInt(), "21 x 4, across the shards");
      long expected = p.path("expectedDeliveries").asLong();
      assertTrue(expected > 0);
      assertEquals(expected, p.path("delivered").asLong());
      assertEquals(expected, m.path("latencyMs").path("presence").path("count").asLong());
    }
  }

  @Test
  @Timeout(60)
  void resumesAtTheConfiguredRateWithoutLosingEvents(@TempDir Path dir) throws Exception {
    try (FakeLobbyServer server = new FakeLobbyServer(Set.of())) {
      int code = Main.execute("--scenario", "presence", "--target", server.url(), "--players", "20",
          "--ramp", "400", "--duration", "2s", "--watchers-per-player", "3", "--change-rate", "0.5",
          "--resume-rate", "0.25", "--report", dir.toString(), "--quiet");
      assertEquals(0, code);
      JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
      JsonNode r = s.path("presence").path("resumes");
      assertTrue(r.path("resumed").asLong() > 0, r.toString());
      assertEquals(server.resumes.get(), r.path("resumed").asLong());
      assertEquals(0, r.path("resumedFalse").asLong());
      assertEquals(r.path("resumed").asLong(), Summary.decode(s.path("histograms").path("resume").asText()).getTotalCount());
      assertEquals(0, s.path("counts").path("droppedWhileHeld").asLong(), "a resume is not a drop");
      assertEquals(20, s.path("counts").path("openAtHoldEnd").asLong());
    }
  }
}
