package io.openlobby.loadgen.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.loadgen.HistogramSummary;
import io.openlobby.loadgen.LatencyRecorder;
import io.openlobby.loadgen.Metrics;
import io.openlobby.loadgen.RunConfig;
import io.openlobby.loadgen.Runner;
import io.openlobby.loadgen.behaviour.Recorders;
import io.openlobby.loadgen.behaviour.Resumer;
import io.openlobby.loadgen.client.ClientContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * {@code presence}: the players connect as in {@code idle} (and ping every heartbeat). A seeded
 * social graph over all {@code --players} (all shards) has every player watched by {@code
 * --watchers-per-player} distinct others. Once everyone is online (every shard: the shards swap
 * player ids through {@code --sync-dir}), each player sends one {@code presence.watch} with the ids
 * it watches and waits for {@code presence.snapshot}. Then, for {@code --duration}, {@code
 * --change-rate} of the players per second (spread evenly; each of this shard's players in turn, in
 * a seeded order) send {@code presence.set}, alternating {@code away} and {@code online}, with
 * {@code activity} "t=<send time in epoch ms>". Every watcher that receives a {@code presence} event
 * with such an activity records now - t ("presence latency", same machine clock, 1 ms resolution).
 * After the changes it waits {@link #DRAIN} for late events, then the runner closes everything.
 */
public final class PresenceScenario implements Scenario, Runner.Progress {
  public static final String NAME = "presence";
  static final Duration DRAIN = Duration.ofSeconds(3);
  static final int WATCHES_IN_FLIGHT = 256;
  static final int MAX_IDS_PER_WATCH = 1_000;
  static final String ACTIVITY_PREFIX = "t=";

  private final RunConfig config;
  private final Metrics metrics;
  private final ClientContext context;
  private final IdleScenario idle;
  private final PresenceGraph graph;
  private final ShardSync sync;
  private final Map<Integer, LivePlayer> local = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<String> ids;
  private final LatencyRecorder latency = new LatencyRecorder("presence");
  private final LatencyRecorder watchLatency = new LatencyRecorder("watch");
  private final Recorders resumes = new Recorders();
  private final Resumer resumer;
  private final Map<Integer, Long> pendingWatches = new ConcurrentHashMap<>();
  private final Semaphore watchSlots = new Semaphore(WATCHES_IN_FLIGHT);

  private final LongAdder watchesSent = new LongAdder();
  private final LongAdder snapshots = new LongAdder();
  private final LongAdder watchErrors = new LongAdder();
  private final LongAdder watchedIds = new LongAdder();
  private final LongAdder refusedIds = new LongAdder();
  private final LongAdder unknownIds = new LongAdder();
  private final LongAdder changesSent = new LongAdder();
  private final LongAdder setAcks = new LongAdder();
  private final LongAdder expected = new LongAdder();
  private final LongAdder delivered = new LongAdder();
  private final LongAdder otherPresence = new LongAdder();
  private final AtomicLong changePhaseNanos = new AtomicLong();
  private volatile String stage = "";
  private volatile int watchersOnline;
  private volatile long settleDeadline = Long.MAX_VALUE;

  public PresenceScenario(ClientContext context) {
    this.context = context;
    this.config = context.config();
    this.metrics = context.metrics();
    this.idle = new IdleScenario(context);
    this.graph = PresenceGraph.generate(config.players(), config.watchersPerPlayer(), config.seed());
    this.ids = new AtomicReferenceArray<>(config.players());
    this.resumer = new Resumer(resumes, metrics, "resume");
    this.sync = config.syncDir() == null ? null : new ShardSync(config, metrics, "ids", "watched");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Duration extraTime() {
    // waiting for the other shards, the watches (both bounded by --settle-timeout), the drain
    return config.settleTimeout().plus(DRAIN).plusSeconds(20);
  }

  @Override
  public CompletableFuture<OnlinePlayer> connect(int index) {
    return idle.open(index)
        .thenApply(
            player -> {
              player.onFrame(frame -> onFrame(index, frame));
              ids.set(index, player.playerId());
              local.put(index, player);
              return player;
            });
  }

  // ---- after the ramp: swap ids, watch ----------------------------------------------------------

  @Override
  public void afterRamp() throws InterruptedException {
    settleDeadline = System.nanoTime() + config.settleTimeout().toNanos();
    if (config.shardCount() > 1) {
      stage = "  waiting for the other shards' ids";
      StringBuilder sb = new StringBuilder();
      local.forEach((i, p) -> sb.append(i).append(' ').append(p.playerId()).append('\n'));
      sync.write("ids", sb.toString());
      for (int s = 1; s <= config.shardCount(); s++) {
        if (s != config.shardIndex()) {
          for (String line : sync.await("ids", s, settleDeadline).split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0) {
              ids.set(Integer.parseInt(line.substring(0, sp)), line.substring(sp + 1));
            }
          }
        }
      }
    }
    watchAll();
    if (config.shardCount() > 1) {
      stage = "  waiting for the other shards' watches";
      sync.write("watched", "done\n");
      for (int s = 1; s <= config.shardCount(); s++) {
        if (s != config.shardIndex()) {
          sync.await("watched", s, settleDeadline);
        }
      }
    }
    stage = "";
  }

  private void watchAll() throws InterruptedException {
    List<Integer> watchers = new ArrayList<>(local.keySet());
    Collections.sort(watchers);
    watchersOnline = watchers.size();
    long timeoutNanos = config.stepTimeout().toNanos();
    for (int i : watchers) {
      LivePlayer p = local.get(i);
      List<String> targets = new ArrayList<>();
      for (int j : graph.watching(i)) {
        String id = ids.get(j);
        if (id == null) {
          unknownIds.increment(); // that player never came online
        } else {
          targets.add(id);
        }
      }
      if (targets.isEmpty() || !p.isOpen()) {
        continue;
      }
      // one request per player; a longer list than the server's cap goes as several
      for (int from = 0; from < targets.size(); from += MAX_IDS_PER_WATCH) {
        long left = settleDeadline - System.nanoTime();
        if (left <= 0 || !watchSlots.tryAcquire(Math.min(left, timeoutNanos), TimeUnit.NANOSECONDS)) {
          metrics.error("watch_not_sent_settle_timeout");
          break;
        }
        stage = String.format(Locale.ROOT, "  watches %d/%d", snapshots.sum(), watchers.size());
        List<String> part = targets.subList(from, Math.min(targets.size(), from + MAX_IDS_PER_WATCH));
        ObjectNode msg = context.json().createObjectNode().put("type", "presence.watch").put("rid", "w" + i);
        ArrayNode arr = msg.putArray("playerIds");
        part.forEach(arr::add);
        pendingWatches.put(i, System.nanoTime());
        watchesSent.increment();
        if (!p.send(msg.toString())) {
          pendingWatches.remove(i);
          watchSlots.release();
          metrics.error("watch_socket_closed");
        }
        if (from + MAX_IDS_PER_WATCH < targets.size()) {
          // wait for this part's answer before the next (same rid)
          long end = System.nanoTime() + timeoutNanos;
          while (pendingWatches.containsKey(i) && System.nanoTime() < end) {
            Thread.sleep(1);
          }
        }
      }
    }
    long end = Math.min(System.nanoTime() + timeoutNanos, settleDeadline);
    while (!pendingWatches.isEmpty() && System.nanoTime() < end) {
      stage = String.format(Locale.ROOT, "  watches %d/%d", snapshots.sum(), watchers.size());
      Thread.sleep(50);
    }
    for (Integer i : new ArrayList<>(pendingWatches.keySet())) {
      if (pendingWatches.remove(i) != null) {
        metrics.error("watch_timeout");
        watchErrors.increment();
      }
    }
  }

  // ---- the hold: status changes ----------------------------------------------------------------

  @Override
  public void hold(Duration duration) throws InterruptedException {
    List<Integer> order = new ArrayList<>(local.keySet());
    Collections.sort(order);
    Collections.shuffle(order, new Random(config.seed() * 31 + config.shardIndex()));
    double perSecond = config.changeRate() * config.localPlayers();
    boolean[] away = new boolean[config.players()];
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<LivePlayer> players = new ArrayList<>();
    order.forEach(i -> players.add(local.get(i)));
    resumer.start(context.scheduler(), players, config.spec().resume().rate());
    if (perSecond > 0 && !order.isEmpty()) {
      double periodNanos = 1e9 / perSecond;
      for (long k = 0; ; k++) {
        long due = start + (long) (k * periodNanos);
        if (due >= end) {
          break;
        }
        for (long wait; (wait = due - System.nanoTime()) > 0; ) {
          LockSupport.parkNanos(wait);
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
        int j = order.get((int) (k % order.size()));
        LivePlayer p = local.get(j);
        away[j] = !away[j];
        long t = System.currentTimeMillis();
        String msg = "{\"type\":\"presence.set\",\"rid\":\"s" + k + "\",\"status\":\""
            + (away[j] ? "away" : "online") + "\",\"activity\":\"" + ACTIVITY_PREFIX + t + "\"}";
        if (p.send(msg)) {
          changesSent.increment();
          expected.add(graph.watchers(j).length);
        } else {
          metrics.error("change_socket_closed");
        }
      }
    }
    long now = System.nanoTime();
    if (now < end) {
      TimeUnit.NANOSECONDS.sleep(end - now);
    }
    changePhaseNanos.set(System.nanoTime() - start);
    resumer.stop();
    stage = "  draining";
    TimeUnit.MILLISECONDS.sleep(DRAIN.toMillis());
    stage = "";
  }

  // ---- frames ---------------------------------------------------------------------------------

  private void onFrame(int index, JsonNode frame) {
    String type = frame.path("type").asText("");
    switch (type) {
      case "presence": {
        String activity = frame.path("activity").asText("");
        if (activity.startsWith(ACTIVITY_PREFIX)) {
          try {
            long t = Long.parseLong(activity.substring(ACTIVITY_PREFIX.length()));
            latency.recordNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - t)));
            delivered.increment();
          } catch (NumberFormatException e) {
            otherPresence.increment();
          }
        } else {
          otherPresence.increment();
        }
        break;
      }
      case "presence.snapshot": {
        Long sent = pendingWatches.remove(index);
        if (sent != null) {
          watchLatency.recordNanos(System.nanoTime() - sent);
          watchSlots.release();
        }
        snapshots.increment();
        watchedIds.add(frame.path("players").size());
        refusedIds.add(frame.path("refused").size());
        break;
      }
      case "ok":
        if (frame.path("re").asText("").startsWith("s")) {
          setAcks.increment();
        }
        break;
      case "error":
        if (frame.path("re").asText("").startsWith("w") && pendingWatches.remove(index) != null) {
          watchSlots.release();
          watchErrors.increment();
        }
        break;
      default:
        break;
    }
  }

  @Override
  public String progress() {
    String s = stage;
    if (!s.isEmpty()) {
      return s;
    }
    long c = changesSent.sum();
    Histogram last = latency.drainInterval();
    String p99 = last.getTotalCount() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", last.getValueAtPercentile(99) / 1000.0);
    return c == 0 ? "" : String.format(Locale.ROOT, "  changes %d  presence events %d  p99 presence %s ms%s", c,
        delivered.sum(), p99, resumes.intervalP99s());
  }

  // ---- results --------------------------------------------------------------------------------

  @Override
  public Map<String, Histogram> histograms() {
    Map<String, Histogram> m = new java.util.TreeMap<>(resumes.totals());
    m.put("presence", latency.total());
    m.put("watch", watchLatency.total());
    return m;
  }

  @Override
  public ScenarioResults results() {
    double seconds = changePhaseNanos.get() / 1e9;
    long got = delivered.sum();
    long want = expected.sum();
    return new Results(
        config.players(), config.watchersPerPlayer(), config.seed(), config.changeRate(), watchersOnline,
        watchesSent.sum(), snapshots.sum(), watchErrors.sum(), watchedIds.sum(), refusedIds.sum(),
        unknownIds.sum(), changesSent.sum(), setAcks.sum(), want, got,
        want == 0 ? 0 : Math.round(got * 1e6 / want) / 1e6, otherPresence.sum(),
        Math.round(seconds * 10) / 10.0,
        seconds <= 0 || watchersOnline == 0 ? 0 : Math.round(got * 1e4 / watchersOnline / seconds) / 1e4,
        HistogramSummary.of(latency.total()), HistogramSummary.of(watchLatency.total()), resumes.counts("resume"),
        HistogramSummary.of(resumes.totals().getOrDefault("resume", new Histogram(3))));
  }

  /** The presence figures of one process (its changes, its watchers' events). */
  public record Results(
      int players, int watchersPerPlayer, long seed, double changeRate, int watchersOnline,
      long watchesSent, long snapshots, long watchErrors, long watchedIds, long refusedIds, long unknownIds,
      long changesSent, long setAcks, long expectedDeliveries, long delivered, double deliveredRatio,
      long otherPresenceEvents, double changePhaseSeconds, double eventsPerWatcherPerSecond,
      HistogramSummary latencyMs, HistogramSummary watchLatencyMs, Map<String, Long> resumes,
      HistogramSummary resumeLatencyMs) implements ScenarioResults {

    @Override
    public String text() {
      return String.format(Locale.ROOT,
          "presence: graph %d players x %d watchers (seed %d); watches sent %d, snapshots %d, errors %d,"
              + " ids watched %d, refused %d, unknown %d%n"
              + "presence: changes sent %d (acks %d) in %.1f s; delivered %d / expected %d (%.4f);"
              + " other presence events %d; %.4f events per watcher per second%n"
              + "%s%n%s%n"
              + "presence: disconnect and resume %s%n",
          players, watchersPerPlayer, seed, watchesSent, snapshots, watchErrors, watchedIds, refusedIds,
          unknownIds, changesSent, setAcks, changePhaseSeconds, delivered, expectedDeliveries, deliveredRatio,
          otherPresenceEvents, eventsPerWatcherPerSecond, latencyMs.line("presence"), watchLatencyMs.line("watch"),
          resumes.isEmpty() ? "off" : resumes + System.lineSeparator() + resumeLatencyMs.line("resume"));
    }
  }


}
