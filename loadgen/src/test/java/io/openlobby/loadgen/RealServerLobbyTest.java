package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One short run of the lobby scenario against the real server, started here as a separate process
 * from the server's build output (../target/classes and ../target/runtime-classpath.txt; skipped
 * when that is missing, or when no Cassandra answers on 127.0.0.1:9042) in its own keyspace {@value
 * #KEYSPACE}, on a free HTTP port and a free Pekko remoting port; stopped at the end.
 */
class RealServerLobbyTest {
  static final String KEYSPACE = "lobby_loadgen_it";
  static final Path SERVER = Path.of("..").toAbsolutePath().normalize();

  @Test
  @Timeout(300)
  void lobbyAgainstTheRealServer(@TempDir Path dir) throws Exception {
    Path classes = SERVER.resolve("target/classes");
    Path classpath = SERVER.resolve("target/runtime-classpath.txt");
    assumeTrue(Files.isDirectory(classes.resolve("io/openlobby")) && Files.isRegularFile(classpath),
        "the server is not built (mvn -B -q -DskipTests compile at the repository root)");
    assumeTrue(cassandraAnswers(), "no Cassandra on 127.0.0.1:9042");

    Process schema = new ProcessBuilder(SERVER.resolve("cassandra/cassandra").toString(), "schema", KEYSPACE)
        .redirectErrorStream(true).redirectOutput(dir.resolve("schema.log").toFile()).start();
    assertTrue(schema.waitFor(180, TimeUnit.SECONDS), "schema not applied in time");
    assertEquals(0, schema.exitValue(), Files.readString(dir.resolve("schema.log")));

    int http = freePort();
    Path log = dir.resolve("server.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(List.of(java, "-Xmx512m",
        "-cp", classes + ":" + Files.readString(classpath).trim(),
        "-Dlobby.http.host=127.0.0.1", "-Dlobby.http.port=" + http,
        "-Dlobby.cassandra.keyspace=" + KEYSPACE, "-Dlobby.cassandra.contact-point=127.0.0.1:9042",
        "-Dpekko.remote.artery.canonical.hostname=127.0.0.1",
        "-Dpekko.remote.artery.canonical.port=" + freePort(), "io.openlobby.Main"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitReady(server, "http://127.0.0.1:" + http, log);
      // a mode of its own, so that rooms left in the keyspace by earlier runs are not in its listings
      String mode = "it-" + Long.toString(System.currentTimeMillis(), 36);
      Path file = dir.resolve("lobby.json");
      Files.writeString(file, "{\"scenario\":\"lobby\",\"mix\":{\"lobby\":1},\"lobby\":{\"mode\":\"" + mode + "\","
          + "\"hostFraction\":0.2,\"maxPlayers\":4,\"roomLifetimeMs\":3000,\"visitMs\":1500,\"thinkMs\":300,"
          + "\"chatIntervalMs\":500,\"pageSize\":2,\"browsePages\":3}}");
      Path report = dir.resolve("report");
      int code = Main.execute("--scenario", file.toString(), "--target", "http://127.0.0.1:" + http,
          "--players", "40", "--ramp", "100", "--duration", "10s", "--report", report.toString(), "--quiet");
      assertEquals(0, code, "every player connected and stayed");
      JsonNode s = new ObjectMapper().readTree(report.resolve("summary.json").toFile());
      JsonNode c = s.path("behaviours").path("counts").path("lobby");
      JsonNode lat = s.path("behaviours").path("latencyMs");
      assertEquals(40, s.path("counts").path("connected").asInt());
      assertEquals(40, c.path("acks.lobby.subscribe").asInt());
      // A cold server on a shared machine may take seconds per room write, so how many joins and
      // chats fit in the hold varies: only that rooms were made and their changes reached the lobby
      // is asserted (the summary on stdout shows the rest).
      assertTrue(c.path("acks.room.create").asLong() > 0, c.toString());
      assertTrue(c.path("deliveries").asLong() > 0, c.toString());
      assertTrue(lat.path("lobby.fanout.last").path("count").asLong() > 0);
      assertTrue(lat.path("lobby.browse").path("count").asLong() > 0);
      assertTrue(Files.size(report.resolve("report.html")) > 150_000);
    } finally {
      server.destroy(); // SIGTERM: a graceful stop
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean cassandraAnswers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", 9042), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void awaitReady(Process server, String base, Path log) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < end && server.isAlive()) {
      try {
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the server did not become ready; its log:\n" + Files.readString(log));
  }
}
