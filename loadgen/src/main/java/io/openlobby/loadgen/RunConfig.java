package io.openlobby.loadgen;

import io.openlobby.loadgen.spec.ScenarioFile;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A validated run: everything {@link Runner} needs. {@code players} is the whole population (all
 * shards); this process runs the players of its shard: every {@code shardCount}-th index starting at
 * {@code shardIndex - 1}. {@code scenario} is the implementation that runs ({@code spec.scenario()});
 * {@code spec} holds the scenario file's behaviour parameters, with the command line's overrides;
 * the behaviours' latencies recorded in the first {@code warmup} of the hold are left out.
 */
public record RunConfig(
    String scenario,
    List<URI> targets,
    int players,
    int ramp,
    Duration duration,
    List<InetAddress> sourceAddresses,
    Path reportDir,
    int maxInFlight,
    int maxAttempts,
    Duration stepTimeout,
    int ioThreads,
    boolean progress,
    int shardIndex,
    int shardCount,
    Path syncDir,
    long seed,
    int watchersPerPlayer,
    double changeRate,
    Duration settleTimeout,
    ScenarioFile spec,
    Duration deadlineSlack,
    Duration warmup) {

  /** A run of one process (no shards) with the presence defaults. */
  public RunConfig(
      String scenario, List<URI> targets, int players, int ramp, Duration duration,
      List<InetAddress> sourceAddresses, Path reportDir, int maxInFlight, int maxAttempts,
      Duration stepTimeout, int ioThreads, boolean progress) {
    this(scenario, targets, players, ramp, duration, sourceAddresses, reportDir, maxInFlight, maxAttempts,
        stepTimeout, ioThreads, progress, 1, 1, null, 42, 20, 0.01, Duration.ofSeconds(180),
        ScenarioFile.defaults(scenario), Pacing.DEADLINE_SLACK, Duration.ZERO);
  }

  /** The players this process runs. */
  public int localPlayers() {
    return localCount(players, shardIndex, shardCount);
  }

  /** The global index of this process's {@code k}-th player (0-based). */
  public int globalIndex(int k) {
    return shardIndex - 1 + k * shardCount;
  }

  /** True when global index {@code index} belongs to this process. */
  public boolean isLocal(int index) {
    return index % shardCount == shardIndex - 1;
  }

  /** How many of {@code players} indices fall in shard {@code i} of {@code n}. */
  public static int localCount(int players, int i, int n) {
    return players < i ? 0 : (players - i) / n + 1;
  }

  /** The target of player {@code index}: round-robin over the targets. */
  public URI targetFor(int index) {
    return targets.get(index % targets.size());
  }

  /**
   * The local bind address of player {@code index}: round-robin over the source addresses, by the
   * player's position in this shard (so that each shard uses all of its addresses).
   */
  public InetAddress sourceFor(int index) {
    return sourceAddresses.get((index / shardCount) % sourceAddresses.size());
  }

  /** The hard deadline after the start: planned ramp time (of this shard) + duration + the slack (60 s). */
  public Duration hardDeadline() {
    return Pacing.hardDeadline(localPlayers(), ramp, duration, deadlineSlack);
  }
}
