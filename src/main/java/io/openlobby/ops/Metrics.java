package io.openlobby.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * This node's meters (Micrometer, scraped as Prometheus text at {@code GET /metrics}): the JVM's
 * memory, GC, threads and CPU, open WebSockets, matchmaking's matches and ended tickets, and how
 * long the steps of opening a ticket and of making a match's room take. Each meter is a lock-free
 * counter, gauge or timer, updated where the thing happens.
 */
public final class Metrics implements Extension {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger openSockets = new AtomicInteger();
  private final Counter matches;
  private final Meter.MeterProvider<Timer> httpRequests =
      histogram(Timer.builder("openlobby.http.requests").description("HTTP requests from routing to response"));

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

  /** The steps of one operation, timed: keep one per caller (the timer is built once). */
  public final class Steps {
    private final Meter.MeterProvider<Timer> timer;

    private Steps(String operation) {
      timer = histogram(Timer.builder("openlobby." + operation).description("Time taken by each step of " + operation));
    }

    /** How long {@code step} took since {@code startNanos} ({@link System#nanoTime}). */
    public void took(String step, long startNanos) {
      timer.withTag("step", step).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** {@code stage}, timed as {@code step} from now until it completes, however it completes. */
    public <T> CompletionStage<T> timed(String step, CompletionStage<T> stage) {
      long start = System.nanoTime();
      return stage.whenComplete((x, failure) -> took(step, start));
    }
  }

  /**
   * A timer {@code openlobby.<operation>} tagged with the step, published as histogram buckets
   * (100 µs to 30 s) so that percentiles can be taken over any interval and across nodes.
   */
  public Steps steps(String operation) {
    return new Steps(operation);
  }

  /**
   * An HTTP request answered: a timer {@code openlobby.http.requests} tagged with the method and the
   * status class (2xx, 4xx, ...), histogram buckets as in {@link #steps}.
   */
  public void requestTook(String method, int status, long startNanos) {
    httpRequests
        .withTags("method", method, "status", (status / 100) + "xx")
        .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
  }

  private Meter.MeterProvider<Timer> histogram(Timer.Builder timer) {
    return timer
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .withRegistry(registry);
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
