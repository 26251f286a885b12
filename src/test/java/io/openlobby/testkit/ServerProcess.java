package io.openlobby.testkit;

import io.openlobby.Main;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real server as a separate OS process (the same Main that ./lobby starts), so that a test can
 * {@code kill -9} it. Its output goes to a file that is shown when it fails to become ready.
 */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static ServerProcess start(String keyspace, int port) throws IOException {
    return start(keyspace, port, Map.of());
  }

  /** {@code overrides}: configuration paths and values for this process (e.g. a short grace). */
  public static ServerProcess start(String keyspace, int port, Map<String, String> overrides)
      throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Path log = Files.createTempFile("openlobby-node-", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "-Dlobby.http.port=" + port,
                "-Dlobby.cassandra.keyspace=" + keyspace,
                "-Dlobby.cassandra.contact-point=" + TestKeyspace.HOST + ":" + TestKeyspace.PORT,
                "-Dpekko.remote.artery.canonical.port=0"));
    overrides.forEach((path, value) -> command.add("-D" + path + "=" + value));
    command.add(Main.class.getName());
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    ServerProcess server = new ServerProcess(p, port, log);
    server.awaitReady(Duration.ofSeconds(90));
    return server;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("server process survived SIGKILL");
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<Void> r =
            http.send(HttpRequest.newBuilder(uri("/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("server process not ready; its log:\n" + Files.readString(log));
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
