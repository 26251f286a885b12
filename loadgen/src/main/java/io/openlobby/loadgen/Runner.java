package io.openlobby.loadgen;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.openlobby.loadgen.client.ClientContext;
import io.openlobby.loadgen.scenario.OnlinePlayer;
import io.openlobby.loadgen.scenario.Scenario;
import io.openlobby.loadgen.scenario.Scenarios;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * One bounded run: paces the players' first tries at {@code --ramp} per second with at most
 * {@code --max-in-flight} tries at once, retries failures (exponential backoff, full jitter), holds
 * everything open for {@code --duration} after the last connect, closes it all and reports. A
 * watchdog aborts the process at the hard deadline.
 */
public final class Runner {
  static final long BACKOFF_BASE_MILLIS = 200;
  static final long BACKOFF_CAP_MILLIS = 5_000;
  static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

  private final RunConfig config;
  private final Metrics metrics = new Metrics();
  private final Semaphore inFlight;
  private final ConcurrentLinkedQueue<OnlinePlayer> online = new ConcurrentLinkedQueue<>();
  private volatile String phase = "ramp";
  private volatile Instant startedAt;
  private volatile long startNanos;
  private volatile Summary.Loadgen loadgenAtHoldEnd;
  private volatile String transport = "?";
  private volatile Scenario scenario;
  private final TimeSeries timeSeries = new TimeSeries();

  public Runner(RunConfig config) {
    this.config = config;
    this.inFlight = new Semaphore(config.maxInFlight());
  }

  public Metrics metrics() {
    return metrics;
  }

  /** Runs to the end; returns the exit code (0 all connected and held, 1 some failed or dropped). */
  public int run() {
    startedAt = Instant.now();
    startNanos = System.nanoTime();
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("loadgen-watchdog", true));
    watchdog.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    try (ClientContext context = new ClientContext(config, metrics)) {
      transport = context.transport();
      Scenario scenario = Scenarios.create(config.scenario(), context);
      this.scenario = scenario;
      Duration deadline = config.hardDeadline().plus(scenario.extraTime());
      watchdog.schedule(() -> abort(deadline), deadline.toMillis(), TimeUnit.MILLISECONDS);
      ramp(scenario, context);
      phase = "after-ramp";
      scenario.afterRamp();
      phase = "hold";
      scenario.hold(config.duration());
      loadgenAtHoldEnd = selfFootprint();
      long openAtHoldEnd = metrics.open.get();
      phase = "close";
      closeAll();
      watchdog.shutdownNow();
      Summary summary = summarize("completed", openAtHoldEnd);
      report(summary);
      return metrics.failedPlayers.get() > 0 || metrics.dropped.get() > 0 ? 1 : 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 3;
    } finally {
      watchdog.shutdownNow();
    }
  }

  private void ramp(Scenario scenario, ClientContext context) throws InterruptedException {
    int local = config.localPlayers();
    CountDownLatch done = new CountDownLatch(local);
    long rampStart = System.nanoTime();
    for (int k = 0; k < local; k++) {
      int i = config.globalIndex(k);
      long due = rampStart + Pacing.dueNanos(k, config.ramp());
      for (long wait; (wait = due - System.nanoTime()) > 0; ) {
        LockSupport.parkNanos(wait);
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
      }
      inFlight.acquire();
      metrics.started.incrementAndGet();
      metrics.markStarted(System.nanoTime());
      attempt(scenario, context, i, 1, done);
    }
    done.await();
  }

  private void attempt(Scenario scenario, ClientContext context, int index, int attempt, CountDownLatch done) {
    metrics.attempts.incrementAndGet();
    CompletableFuture<OnlinePlayer> future;
    try {
      future = scenario.connect(index);
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.whenComplete(
        (player, failure) -> {
          if (failure == null) {
            metrics.markConnected(System.nanoTime());
            online.add(player);
            player.closed().thenAccept(code -> onClosed(player, code));
            inFlight.release();
            done.countDown();
            return;
          }
          metrics.error(LoadgenException.kindOf(failure));
          if (attempt < config.maxAttempts()) {
            long delay =
                Pacing.backoffMillis(attempt + 1, BACKOFF_BASE_MILLIS, BACKOFF_CAP_MILLIS,
                    ThreadLocalRandom.current().nextDouble());
            try {
              context.scheduler().schedule(
                  () -> attempt(scenario, context, index, attempt + 1, done), delay, TimeUnit.MILLISECONDS);
              return;
            } catch (RuntimeException shutDown) {
              // the run is ending: count the player as failed
            }
          }
          metrics.failedPlayers.incrementAndGet();
          inFlight.release();
          done.countDown();
        });
  }

  private void onClosed(OnlinePlayer player, int code) {
    metrics.open.decrementAndGet();
    if (!player.closedByUs()) {
      metrics.dropped.incrementAndGet();
      String reason = player.closingReason();
      metrics.error(reason != null ? "dropped_closing_" + reason
          : code < 0 ? "dropped_no_close_frame" : "dropped_close_" + code);
    }
  }

  private void closeAll() {
    List<CompletableFuture<Integer>> closes = new ArrayList<>();
    for (OnlinePlayer p : online) {
      closes.add(p.close());
    }
    try {
      CompletableFuture.allOf(closes.toArray(new CompletableFuture<?>[0]))
          .get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      long left = closes.stream().filter(f -> !f.isDone()).count();
      System.err.println("loadgen: " + left + " sockets still closing after " + CLOSE_WAIT.toSeconds() + " s");
    } catch (Exception e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The hard deadline: report what there is and stop the process with exit code 3. */
  private void abort(Duration deadline) {
    System.err.printf("%nloadgen: hard deadline of %d s reached during %s; aborting%n", deadline.toSeconds(), phase);
    try {
      report(summarize("aborted_at_deadline", metrics.open.get()));
    } catch (RuntimeException e) {
      System.err.println("loadgen: could not write the summary: " + e);
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(3);
  }

  private void tick() {
    long perSecond = metrics.sampleSecond();
    Histogram connect = metrics.connect.drainInterval();
    metrics.login.drainInterval();
    metrics.total.drainInterval();
    long elapsedNanos = System.nanoTime() - startNanos;
    timeSeries.sample(elapsedNanos / 1e9, metrics.open.get(), metrics.framesReceived.sum(), metrics.framesSent.sum(),
        metrics.errorCount());
    long[] rates = timeSeries.lastRates();
    Scenario sc = scenario;
    String extra = sc instanceof Progress ? ((Progress) sc).progress() : "";
    if (!config.progress()) {
      return;
    }
    String p99 =
        connect.getTotalCount() == 0
            ? "-"
            : String.format(Locale.ROOT, "%.1f", connect.getValueAtPercentile(99) / 1000.0);
    long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    System.err.printf(Locale.ROOT,
        "[%4ds] %-5s connected %d/%d  open %d  %d connects/s  frames/s in %d out %d  errors %d  failed %d"
            + "  in-flight %d  p99 connect %s ms%s%n",
        elapsed, phase, metrics.connected.get(), config.localPlayers(), metrics.open.get(), perSecond, rates[0], rates[1],
        metrics.errorCount(), metrics.failedPlayers.get(), config.maxInFlight() - inFlight.availablePermits(), p99,
        extra);
  }

  private Summary summarize(String outcome, long openAtHoldEnd) {
    long first = metrics.firstStartNanos.get();
    long last = metrics.lastConnectedNanos.get();
    long rampNanos = first == 0 || last == 0 ? 0 : last - first;
    Summary.Ramp ramp =
        new Summary.Ramp(
            seconds(Pacing.rampDuration(config.localPlayers(), config.ramp()).toNanos()),
            seconds(rampNanos),
            Math.round(Pacing.perSecond(metrics.connected.get(), rampNanos) * 10) / 10.0,
            metrics.connectsPerSecond());
    Summary.Counts counts =
        new Summary.Counts(
            metrics.started.get(), metrics.attempts.get(), metrics.attempts.get() - metrics.started.get(),
            metrics.connected.get(), metrics.failedPlayers.get(), metrics.dropped.get(), openAtHoldEnd,
            metrics.pingsReceived.sum(), metrics.framesReceived.sum(), metrics.appPingsSent.sum(),
            metrics.appPongsReceived.sum(), metrics.framesSent.sum());
    Histogram login = metrics.login.total();
    Histogram connect = metrics.connect.total();
    Histogram total = metrics.total.total();
    Summary.Latencies latencies =
        new Summary.Latencies(HistogramSummary.of(login), HistogramSummary.of(connect), HistogramSummary.of(total));
    Map<String, String> histograms = new TreeMap<>();
    histograms.put("login", Summary.encode(login));
    histograms.put("connect", Summary.encode(connect));
    histograms.put("total", Summary.encode(total));
    Scenario sc = scenario;
    Scenario.ScenarioResults results = null;
    Scenario.ScenarioResults behaviours = null;
    if (sc != null) {
      results = sc.results();
      if (!(results instanceof io.openlobby.loadgen.scenario.PresenceScenario.Results)) {
        behaviours = results;
        results = null;
      }
      sc.histograms().forEach((name, h) -> histograms.put(name, Summary.encode(h)));
    }
    Summary.Loadgen own = loadgenAtHoldEnd != null ? loadgenAtHoldEnd : selfFootprint();
    return new Summary(
        config.scenario(),
        config.targets().stream().map(URI::toString).collect(Collectors.toList()),
        config.sourceAddresses().stream().map(InetAddress::getHostAddress).collect(Collectors.toList()),
        config.players(), config.shardIndex() + "/" + config.shardCount(), config.localPlayers(), config.ramp(),
        config.duration().toMillis() / 1000.0, config.warmup().toMillis() / 1000.0, startedAt.toString(), Instant.now().toString(), outcome, counts,
        metrics.errors(), metrics.closings(), metrics.serverErrors(), ramp, latencies, results, behaviours, own,
        timeSeries.samples(), histograms);
  }

  private void report(Summary summary) {
    summary.print(System.out);
    if (config.reportDir() != null) {
      try {
        Path file = summary.write(config.reportDir());
        System.out.println("summary: " + file + " (and summary.txt, report.html)");
      } catch (IOException e) {
        System.err.println("loadgen: could not write " + config.reportDir() + "/summary.json: " + e);
      }
    }
    System.out.flush();
  }

  private Summary.Loadgen selfFootprint() {
    long rss = 0;
    long peak = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          rss = kb(line);
        } else if (line.startsWith("VmHWM:")) {
          peak = kb(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave zeros
    }
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    return new Summary.Loadgen(transport, config.ioThreads(), rss, peak, heap);
  }

  private static long kb(String statusLine) {
    return Long.parseLong(statusLine.replaceAll("[^0-9]", ""));
  }

  private static double seconds(long nanos) {
    return Math.round(nanos / 1e8) / 10.0;
  }

  /** A scenario that adds to the progress line. */
  public interface Progress {
    /** Appended to the progress line (start with two spaces), once a second. */
    String progress();
  }
}
