package io.openlobby.loadgen.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.loadgen.client.Requests;
import io.openlobby.loadgen.scenario.LivePlayer;
import io.openlobby.loadgen.spec.ScenarioFile.PresenceParams;
import io.openlobby.loadgen.spec.ScenarioFile.ResumeParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The presence behaviour of {@code mixed}: each player watches up to {@code watchersPerPlayer} of
 * this process's other presence players (seeded), then {@code changeRate} of them per second send
 * {@code presence.set} with activity "t=<epoch ms>"; watchers record the time to the {@code presence}
 * event ({@code presence}). {@code resume.rate} of them per second drop their socket and resume
 * ({@code resume}: drop to the resumed welcome; counted by {@code resumed} true or false).
 * (The {@code presence} scenario itself is {@link io.openlobby.loadgen.scenario.PresenceScenario}.)
 */
public final class PresenceBehaviour implements Behaviour {
  static final String ACTIVITY_PREFIX = "t=";
  private final Env env;
  private final PresenceParams params;
  private final ResumeParams resume;
  private final List<LivePlayer> players = new ArrayList<>();
  private final List<Requests> requests = new ArrayList<>();
  private final AtomicLong changes = new AtomicLong();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final Resumer resumer;

  public PresenceBehaviour(Env env, PresenceParams params, ResumeParams resume) {
    this.env = env;
    this.params = params;
    this.resume = resume;
    this.resumer = new Resumer(env.rec, env.metrics(), "presence");
  }

  @Override
  public String name() {
    return "presence";
  }

  @Override
  public synchronized void add(LivePlayer p) {
    Requests r = env.requests(p);
    players.add(p);
    requests.add(r);
    p.onFrame(frame -> onFrame(r, frame));
  }

  @Override
  public synchronized int players() {
    return players.size();
  }

  private void onFrame(Requests r, JsonNode frame) {
    if (r.onFrame(frame)) {
      return;
    }
    if ("presence".equals(frame.path("type").asText())) {
      String activity = frame.path("activity").asText("");
      if (activity.startsWith(ACTIVITY_PREFIX)) {
        try {
          long t = Long.parseLong(activity.substring(ACTIVITY_PREFIX.length()));
          env.rec.record("presence", TimeUnit.MILLISECONDS.toNanos(Math.max(0, System.currentTimeMillis() - t)));
          env.rec.count("presence.delivered");
          return;
        } catch (NumberFormatException ignored) {
          // not ours
        }
      }
      env.rec.count("presence.otherEvents");
    }
  }

  @Override
  public synchronized void start() {
    int n = players.size();
    Random random = new Random(params.seed());
    for (int k = 0; k < n && n > 1; k++) {
      final int i = k;
      int watch = Math.min(params.watchersPerPlayer(), n - 1);
      ObjectNode msg = env.msg("presence.watch");
      ArrayNode ids = msg.putArray("playerIds");
      random.ints(0, n).filter(j -> j != i).distinct().limit(watch).forEach(j -> ids.add(players.get(j).playerId()));
      long start = System.nanoTime();
      requests.get(i).send(msg).whenComplete((reply, failure) -> {
        if (failure == null) {
          env.rec.record("presence.watch", System.nanoTime() - start);
        } else {
          env.failed(failure);
        }
      });
    }
    every(params.changeRate() * n, this::change);
    resumer.start(env.client.scheduler(), List.copyOf(players), resume.rate(), env::running);
  }

  private void every(double perSecond, Runnable task) {
    if (perSecond > 0 && !players.isEmpty()) {
      long period = Math.max(1, Math.round(1e9 / perSecond));
      tasks.add(env.client.scheduler().scheduleAtFixedRate(() -> {
        if (env.running()) {
          task.run();
        }
      }, period, period, TimeUnit.NANOSECONDS));
    }
  }

  private synchronized void change() {
    long k = changes.getAndIncrement();
    int i = (int) (k % players.size());
    String msg = "{\"type\":\"presence.set\",\"status\":\"" + ((k / players.size()) % 2 == 0 ? "away" : "online")
        + "\",\"activity\":\"" + ACTIVITY_PREFIX + System.currentTimeMillis() + "\"}";
    if (players.get(i).send(msg)) {
      env.rec.count("presence.changes");
    }
  }

  @Override
  public synchronized void stop() {
    tasks.forEach(t -> t.cancel(false));
    resumer.stop();
  }
}
