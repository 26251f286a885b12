package io.openlobby.loadgen.behaviour;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.loadgen.LoadgenException;
import io.openlobby.loadgen.Metrics;
import io.openlobby.loadgen.client.ClientContext;
import io.openlobby.loadgen.client.LobbyHttp;
import io.openlobby.loadgen.client.Requests;
import io.openlobby.loadgen.scenario.LivePlayer;
import java.util.concurrent.TimeUnit;

/** What every behaviour uses: the client context, the recorders, HTTP, timers, and the run's end. */
public final class Env {
  final ClientContext client;
  final Recorders rec;
  final LobbyHttp http;
  private volatile boolean running = true;

  public Env(ClientContext client, Recorders rec) {
    this.client = client;
    this.rec = rec;
    this.http = new LobbyHttp(client);
  }

  boolean running() {
    return running;
  }

  public void stop() {
    running = false;
  }

  Metrics metrics() {
    return client.metrics();
  }

  ObjectNode msg(String type) {
    return client.json().createObjectNode().put("type", type);
  }

  Requests requests(LivePlayer p) {
    return new Requests(p::send, client.scheduler(), client.config().stepTimeout());
  }

  /** Runs {@code task} after {@code millis} while the run goes on. */
  void later(long millis, Runnable task) {
    if (!running) {
      return;
    }
    try {
      client.scheduler().schedule(() -> {
        if (running) {
          task.run();
        }
      }, Math.max(0, millis), TimeUnit.MILLISECONDS);
    } catch (RuntimeException shutDown) {
      // the run is over
    }
  }

  /** Counts a failed step under its kind (errors in the summary). */
  void failed(Throwable t) {
    client.metrics().error(LoadgenException.kindOf(t));
  }
}
