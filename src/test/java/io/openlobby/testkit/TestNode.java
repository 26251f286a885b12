package io.openlobby.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.openlobby.LobbyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server node on free ports (HTTP and cluster), against a test keyspace on the real local
 * Cassandra. {@link #start} returns once {@code /health/ready} answers 200.
 */
public final class TestNode implements AutoCloseable {
  private final LobbyServer.Running running;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestNode(LobbyServer.Running running) {
    this.running = running;
  }

  public static TestNode start(String keyspace) {
    return start(keyspace, Map.of());
  }

  public static TestNode start(String keyspace, Map<String, Object> overrides) {
    Config config =
        ConfigFactory.parseMap(overrides)
            .withFallback(
                ConfigFactory.parseMap(
                    Map.of(
                        "lobby.http.port", 0,
                        "lobby.cassandra.keyspace", keyspace,
                        "lobby.cassandra.contact-point", TestKeyspace.HOST + ":" + TestKeyspace.PORT,
                        "pekko.remote.artery.canonical.port", 0,
                        "pekko.coordinated-shutdown.exit-jvm", "off")))
            .withFallback(ConfigFactory.parseResources("application.conf"));
    LobbyServer.Running running;
    try {
      running =
          LobbyServer.start(ConfigFactory.load(config)).toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Test node did not start", e);
    }
    TestNode node = new TestNode(running);
    node.awaitReady(Duration.ofSeconds(60));
    return node;
  }

  public org.apache.pekko.actor.typed.ActorSystem<Void> system() {
    return running.system();
  }

  public int port() {
    return running.address().getPort();
  }

  public URI http(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  public URI ws(String pathAndQuery) {
    return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
  }

  public HttpClient client() {
    return http;
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(http("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
        last = r.body();
        Thread.sleep(200);
      } catch (Exception e) {
        last = e.toString();
      }
    }
    throw new IllegalStateException("Test node not ready: " + last);
  }

  @Override
  public void close() {
    try {
      running.stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Test node did not stop", e);
    }
  }
}
