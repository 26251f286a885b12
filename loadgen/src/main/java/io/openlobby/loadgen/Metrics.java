package io.openlobby.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters and histograms of one run; written from any thread. */
public final class Metrics {
  public final LatencyRecorder login = new LatencyRecorder("login");
  public final LatencyRecorder connect = new LatencyRecorder("connect");
  public final LatencyRecorder total = new LatencyRecorder("total");

  /** Players whose first try was started. */
  public final AtomicLong started = new AtomicLong();
  /** Tries started (first tries and retries). */
  public final AtomicLong attempts = new AtomicLong();
  /** Players that came online. */
  public final AtomicLong connected = new AtomicLong();
  /** Sockets open right now. */
  public final AtomicLong open = new AtomicLong();
  /** Players that failed every try. */
  public final AtomicLong failedPlayers = new AtomicLong();
  /** Sockets the server closed (or that broke) while they were held. */
  public final AtomicLong dropped = new AtomicLong();
  public final LongAdder pingsReceived = new LongAdder();
  public final LongAdder framesReceived = new LongAdder();
  /** Text frames sent (requests and application pings). */
  public final LongAdder framesSent = new LongAdder();
  /** Application-level {@code {"type":"ping"}} frames sent, and the {@code pong} answers received. */
  public final LongAdder appPingsSent = new LongAdder();
  public final LongAdder appPongsReceived = new LongAdder();
  /** When the first try started and the last player came online (System.nanoTime), 0 if not yet. */
  public final AtomicLong firstStartNanos = new AtomicLong();
  public final AtomicLong lastConnectedNanos = new AtomicLong();

  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> closings = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> serverErrors = new ConcurrentHashMap<>();
  private final List<Long> connectsPerSecond = new ArrayList<>();
  private long lastSampledConnected;

  /** Counts one failed try (or one drop) under its kind. */
  public void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** Counts one {@code closing} frame from the server under its {@code reason}. */
  public void closing(String reason) {
    closings.computeIfAbsent(reason, k -> new LongAdder()).increment();
  }

  /** Counts one {@code error} frame from the server under its {@code code}. */
  public void serverError(String code) {
    serverErrors.computeIfAbsent(code, k -> new LongAdder()).increment();
  }

  public Map<String, Long> closings() {
    return snapshot(closings);
  }

  public Map<String, Long> serverErrors() {
    return snapshot(serverErrors);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
    Map<String, Long> copy = new TreeMap<>();
    counters.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }

  public long errorCount() {
    return errors.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public Map<String, Long> errors() {
    return snapshot(errors);
  }

  public void markStarted(long nanos) {
    firstStartNanos.compareAndSet(0, nanos);
  }

  public void markConnected(long nanos) {
    lastConnectedNanos.accumulateAndGet(nanos, Math::max);
    connected.incrementAndGet();
    open.incrementAndGet();
  }

  /** Called once a second: appends the connects of the last second to the time series and returns them. */
  public synchronized long sampleSecond() {
    long now = connected.get();
    long delta = now - lastSampledConnected;
    lastSampledConnected = now;
    connectsPerSecond.add(delta);
    return delta;
  }

  public synchronized List<Long> connectsPerSecond() {
    return List.copyOf(connectsPerSecond);
  }
}
