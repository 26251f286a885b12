package io.openlobby.loadgen.scenario;

import io.openlobby.loadgen.Metrics;
import io.openlobby.loadgen.RunConfig;
import io.openlobby.loadgen.client.ClientContext;
import io.openlobby.loadgen.client.GuestLogin;
import io.openlobby.loadgen.client.WebSocketConnector;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * {@code idle}: each player logs in as a guest ({@code POST /v1/auth/guest {"name":"p<i>"}}), opens
 * {@code /v1/ws} with its token and waits for {@code welcome}; then it only answers the server's
 * WebSocket pings and sends {@code {"type":"ping"}} every 0.8 x {@code heartbeatMs} (+-10%, the first
 * at a random point), as the protocol asks of every client.
 * Records login latency, connect latency (TCP connect start to welcome) and their total.
 */
public final class IdleScenario implements Scenario {
  public static final String NAME = "idle";

  private final RunConfig config;
  private final Metrics metrics;
  private final GuestLogin login;
  private final WebSocketConnector connector;

  public IdleScenario(ClientContext context) {
    this.config = context.config();
    this.metrics = context.metrics();
    this.login = new GuestLogin(context);
    this.connector = new WebSocketConnector(context);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompletableFuture<OnlinePlayer> connect(int index) {
    URI target = config.targetFor(index);
    InetAddress source = config.sourceFor(index);
    return open(index).thenApply(p -> p);
  }

  /** {@link #connect} with its type: a {@link LivePlayer}. */
  public CompletableFuture<LivePlayer> open(int index) {
    URI target = config.targetFor(index);
    InetAddress source = config.sourceFor(index);
    long start = System.nanoTime();
    return login
        .login(target, "p" + index)
        .thenCompose(
            guest -> {
              metrics.login.recordNanos(System.nanoTime() - start);
              return connector.open(target, source, guest.token())
                  .thenApply(session -> {
                    metrics.connect.recordNanos(session.welcomeNanos() - session.startNanos());
                    metrics.total.recordNanos(session.welcomeNanos() - start);
                    return new LivePlayer(index, guest.token(), target, source, connector, session);
                  });
            });
  }
}
