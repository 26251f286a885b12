package io.openlobby.bench;

import io.openlobby.match.FormedMatch;
import io.openlobby.match.MatchRules;
import io.openlobby.match.MatchTicket;
import io.openlobby.match.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@link Matcher} of issue #5 under a full queue (run with {@code bench/matcher}; never part of
 * {@code mvn verify}). Rules as in application.conf: {@code duel} 2x1, window 100, +25/s, max 600;
 * {@code squads} 2x4, window 150, +25/s, max 800, ~25% parties of 2-4. Every ticket was enqueued
 * within the last 60 s of the tick's {@code now}.
 *
 * <ul>
 *   <li>{@link #drain}: a new matcher gets {@code tickets} tickets with skills ~ normal(1500, 300)
 *       and ticks once: the enqueue and match cost of draining a full queue. The counters give
 *       tickets (and players) matched per second.
 *   <li>{@link #tickDense}: the same queue, tick only (the tickets it matched are put back before
 *       the next call, outside the measurement).
 *   <li>{@link #tickSparse}: one tick of a queue whose skills are spread so that windows never
 *       overlap, except 1% of the tickets that sit in small matchable clusters (put back before the
 *       next call): the steady cost of a large queue that matches little.
 * </ul>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatcherBenchmark {

  /** The tick's clock: tickets were enqueued in [NOW - 60 s, NOW]. */
  static final long NOW = 1_000_000_000L;

  static final long SPREAD_MS = 60_000;

  static MatchRules rules(String mode) {
    return switch (mode) {
      case "duel" -> new MatchRules(2, 1, 100, 25, 600);
      case "squads" -> new MatchRules(2, 4, 150, 25, 800);
      default -> throw new IllegalArgumentException(mode);
    };
  }

  /** Party size: singles in duel; in squads ~25% parties of 2-4. */
  static int partySize(MatchRules rules, Random random) {
    if (rules.teamSize() == 1 || random.nextDouble() >= 0.25) {
      return 1;
    }
    return 2 + random.nextInt(Math.min(3, rules.teamSize() - 1));
  }

  static MatchTicket ticket(int i, int size, double skill, long enqueuedAt) {
    List<String> players = new ArrayList<>(size);
    for (int p = 0; p < size; p++) {
      players.add("p" + i + "-" + p);
    }
    return new MatchTicket("t" + i, players, skill, enqueuedAt);
  }

  /** Skills ~ normal(1500, 300): almost every ticket can be matched at once. */
  static List<MatchTicket> dense(MatchRules rules, int n, long seed) {
    Random random = new Random(seed);
    List<MatchTicket> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double skill = Math.max(0, 1500 + 300 * random.nextGaussian());
      out.add(ticket(i, partySize(rules, random), skill, NOW - (long) (random.nextDouble() * SPREAD_MS)));
    }
    return out;
  }

  /**
   * Skills on a grid wider than the largest window, so no two grid tickets ever match; every 100th
   * grid point is instead a cluster of {@code playersPerMatch} singles of nearly the same skill,
   * which match each other: ~1% of the tickets can be matched.
   */
  static List<MatchTicket> sparse(MatchRules rules, int n, long seed) {
    Random random = new Random(seed);
    double spacing = 2 * rules.maxWindow() + 1;
    int cluster = rules.playersPerMatch();
    List<MatchTicket> out = new ArrayList<>(n);
    int point = 0;
    while (out.size() < n) {
      double base = point * spacing;
      if (point % 100 == 99) {
        for (int c = 0; c < cluster && out.size() < n; c++) {
          out.add(ticket(out.size(), 1, base + random.nextDouble(), NOW - (long) (random.nextDouble() * SPREAD_MS)));
        }
      } else {
        out.add(ticket(out.size(), partySize(rules, random), base, NOW - (long) (random.nextDouble() * SPREAD_MS)));
      }
      point++;
    }
    return out;
  }

  /** What the ticks matched, as rates (per second of the benchmark's time). */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Matched {
    public long tickets;
    public long players;

    @Setup(Level.Iteration)
    public void reset() {
      tickets = 0;
      players = 0;
    }

    void count(List<FormedMatch> formed) {
      for (FormedMatch m : formed) {
        for (List<MatchTicket> team : m.teams()) {
          for (MatchTicket t : team) {
            tickets++;
            players += t.size();
          }
        }
      }
    }
  }

  @State(Scope.Benchmark)
  public static class Dense {
    @Param({"duel", "squads"})
    public String mode;

    @Param({"10000", "100000"})
    public int tickets;

    MatchRules rules;
    List<MatchTicket> all;

    @Setup(Level.Trial)
    public void build() {
      rules = rules(mode);
      all = dense(rules, tickets, 42);
    }
  }

  /** A matcher kept full: before each tick, the tickets the last tick matched are put back. */
  public abstract static class Full {
    Matcher matcher;
    final List<MatchTicket> matched = new ArrayList<>();

    void fill(MatchRules rules, List<MatchTicket> all) {
      matcher = new Matcher(rules);
      all.forEach(matcher::add);
    }

    @Setup(Level.Invocation)
    public void refill() {
      matched.forEach(matcher::add);
      matched.clear();
    }

    List<FormedMatch> tick() {
      List<FormedMatch> formed = matcher.tick(NOW);
      for (FormedMatch m : formed) {
        matched.addAll(m.tickets());
      }
      return formed;
    }
  }

  @State(Scope.Thread)
  public static class FullDense extends Full {
    @Setup(Level.Trial)
    public void build(Dense dense) {
      fill(dense.rules, dense.all);
    }
  }

  @State(Scope.Thread)
  public static class FullSparse extends Full {
    @Param({"duel", "squads"})
    public String mode;

    @Param({"10000", "100000"})
    public int tickets;

    @Setup(Level.Trial)
    public void build() {
      MatchRules rules = rules(mode);
      fill(rules, sparse(rules, tickets, 7));
    }
  }

  /** Enqueue {@code tickets} tickets into a new matcher and tick once. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public List<FormedMatch> drain(Dense dense, Matched counter) {
    Matcher matcher = new Matcher(dense.rules);
    for (MatchTicket t : dense.all) {
      matcher.add(t);
    }
    List<FormedMatch> formed = matcher.tick(NOW);
    counter.count(formed);
    return formed;
  }

  /** One tick of a full, dense queue (the enqueue cost is outside the measurement). */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public List<FormedMatch> tickDense(FullDense full, Matched counter) {
    List<FormedMatch> formed = full.tick();
    counter.count(formed);
    return formed;
  }

  /** One tick of a large queue where ~1% of the tickets can match. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<FormedMatch> tickSparse(FullSparse full, Matched counter) {
    List<FormedMatch> formed = full.tick();
    counter.count(formed);
    return formed;
  }
}
