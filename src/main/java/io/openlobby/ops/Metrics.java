package io.openlobby.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * This node's meters (Micrometer, scraped as Prometheus text at {@code GET /metrics}): the JVM's
 * memory, GC, threads and CPU, open WebSockets, and matchmaking's matches and ended tickets. Each
 * meter is a lock-free counter or gauge, updated where the thing happens.
 */
public final class Metrics implements Extension {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger openSockets = new AtomicInteger();
  private final Counter matches;

  private Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Gauge.builder("openlobby.sockets.open", openSockets, AtomicInteger::get)
        .description("WebSockets open on this node")
        .register(registry);
    matches =
        Counter.builder("openlobby.matches").description("Matches made (rooms created) by this node's queues").register(registry);
  }

  public void socketOpened() {
    openSockets.incrementAndGet();
  }

  public void socketClosed() {
    openSockets.decrementAndGet();
  }

  public void matchMade() {
    matches.increment();
  }

  /** A ticket ended: {@code status} matched, cancelled or expired, with its reason. */
  public void ticketEnded(String status, String reason) {
    Counter.builder("openlobby.tickets.ended")
        .description("Matchmaking tickets that ended, by status and reason")
        .tag("status", status)
        .tag("reason", reason == null ? "none" : reason)
        .register(registry)
        .increment();
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  public static Metrics get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  private static final class Id extends ExtensionId<Metrics> {
    static final Id INSTANCE = new Id();

    @Override
    public Metrics createExtension(ActorSystem<?> system) {
      return new Metrics();
    }
  }
}
