package io.openlobby.loadgen.scenario;

import io.openlobby.loadgen.HistogramSummary;
import io.openlobby.loadgen.Runner;
import io.openlobby.loadgen.behaviour.Behaviour;
import io.openlobby.loadgen.behaviour.Env;
import io.openlobby.loadgen.behaviour.LobbyBehaviour;
import io.openlobby.loadgen.behaviour.MatchmakingBehaviour;
import io.openlobby.loadgen.behaviour.Mix;
import io.openlobby.loadgen.behaviour.PresenceBehaviour;
import io.openlobby.loadgen.behaviour.Recorders;
import io.openlobby.loadgen.client.ClientContext;
import io.openlobby.loadgen.spec.ScenarioFile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code lobby}, {@code matchmaking} and {@code mixed}: each player connects as in {@code idle} and
 * follows the behaviour the scenario file's {@code mix} gives its index ({@link Mix}); the behaviours
 * start after the ramp, act for {@code --duration}, then get {@link #DRAIN} for late replies.
 */
public final class BehaviourScenario implements Scenario, Runner.Progress {
  static final Duration DRAIN = Duration.ofSeconds(2);

  private final String name;
  private final IdleScenario idle;
  private final Mix mix;
  private final Recorders rec = new Recorders();
  private final Env env;
  private final Map<String, Behaviour> behaviours = new LinkedHashMap<>();
  private volatile long holdNanos;
  private final Duration warmup;

  public BehaviourScenario(ClientContext context) {
    ScenarioFile spec = context.config().spec();
    this.name = spec.scenario();
    this.idle = new IdleScenario(context);
    this.mix = new Mix(spec.mix());
    this.env = new Env(context, rec);
    this.warmup = context.config().warmup();
    behaviours.put("presence", new PresenceBehaviour(env, spec.presence(), spec.resume()));
    behaviours.put("lobby", new LobbyBehaviour(env, spec.lobby()));
    behaviours.put("matchmaking", new MatchmakingBehaviour(env, spec.matchmaking()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Duration extraTime() {
    return DRAIN.plusSeconds(10);
  }

  @Override
  public CompletableFuture<OnlinePlayer> connect(int index) {
    Behaviour b = behaviours.get(mix.behaviourOf(index));
    return idle.open(index).thenApply(p -> {
      b.add(p);
      return p;
    });
  }

  @Override
  public void afterRamp() {
    behaviours.values().forEach(Behaviour::start);
  }

  @Override
  public void hold(Duration duration) throws InterruptedException {
    long start = System.nanoTime();
    if (!warmup.isZero()) {
      rec.keepFrom(start + warmup.toNanos());
    }
    Scenario.super.hold(duration);
    holdNanos = System.nanoTime() - start;
    env.stop();
    TimeUnit.MILLISECONDS.sleep(DRAIN.toMillis());
    behaviours.values().forEach(Behaviour::stop);
  }

  @Override
  public String progress() {
    behaviours.values().forEach(Behaviour::tick);
    long acks = rec.counts("lobby.acks").values().stream().mapToLong(Long::longValue).sum();
    return String.format(Locale.ROOT, "  room acks %d  matches %d", acks, rec.get("matchmaking.matches"))
        + rec.intervalP99s();
  }

  @Override
  public Map<String, Histogram> histograms() {
    return rec.totals();
  }

  @Override
  public ScenarioResults results() {
    double seconds = holdNanos / 1e9;
    Map<String, Integer> players = new TreeMap<>();
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    behaviours.forEach((k, b) -> {
      if (b.players() > 0) {
        players.put(k, b.players());
        counts.put(k, rec.counts(k));
      }
    });
    Map<String, HistogramSummary> latency = new TreeMap<>();
    rec.totals().forEach((k, h) -> latency.put(k, HistogramSummary.of(h)));
    long roomAcks = 0;
    for (String op : new String[] {"room.create", "room.join", "room.chat", "room.leave"}) {
      roomAcks += rec.get("lobby.acks." + op);
    }
    return new Results(Math.round(seconds * 10) / 10.0, players, counts,
        seconds <= 0 ? 0 : Math.round(roomAcks * 10 / seconds) / 10.0,
        seconds <= 0 ? 0 : Math.round(rec.get("matchmaking.matches") * 10 / seconds) / 10.0, latency);
  }

  /** The behaviours' figures of one process. */
  public record Results(
      double holdSeconds, Map<String, Integer> players, Map<String, Map<String, Long>> counts,
      double roomEventsAckedPerSecond, double matchesPerSecond, Map<String, HistogramSummary> latencyMs)
      implements ScenarioResults {

    @Override
    public String text() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "behaviours: players %s; hold %.1f s; room events acked %.1f/s;"
          + " matches %.1f/s%n", players, holdSeconds, roomEventsAckedPerSecond, matchesPerSecond));
      counts.forEach((k, v) -> sb.append(k).append(": ").append(v).append(System.lineSeparator()));
      latencyMs.forEach((k, v) -> sb.append(v.line(k)).append(System.lineSeparator()));
      return sb.toString();
    }
  }
}
