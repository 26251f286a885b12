package io.openlobby.loadgen;

import io.openlobby.loadgen.scenario.Scenarios;
import io.openlobby.loadgen.spec.ScenarioFile;
import io.openlobby.loadgen.spec.ScenarioFiles;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The command line. Every run is bounded: player count, ramp, hold time and a hard deadline. */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description = {
      "Black-box load generator for an OpenLobby server (loopback targets only).",
      "Exit codes: 0 all players connected and held; 1 some players failed or were dropped;"
          + " 2 bad arguments; 3 aborted at the hard deadline (ramp time + duration + 60 s)."
    },
    sortOptions = false)
public final class LoadgenCommand implements Callable<Integer> {
  /** All shards together (a fleet run); one process runs at most {@link #MAX_LOCAL_PLAYERS}. */
  static final int MAX_PLAYERS = 2_000_000;
  static final int MAX_LOCAL_PLAYERS = 50_000;
  static final Duration MAX_DURATION = Duration.ofHours(1);

  @Spec CommandSpec spec;

  @Option(names = "--scenario", defaultValue = "idle",
      description = "Scenario to run: ${COMPLETION-CANDIDATES}, read from loadgen/scenarios/NAME.json, or the"
          + " path of a scenario .json file (default: ${DEFAULT-VALUE}).",
      completionCandidates = Scenarios.Names.class)
  String scenario;

  @Option(names = "--target", required = true, split = ",",
      description = "Server base URL, e.g. http://127.0.0.1:8080. Repeat or comma-separate for several; players are spread round-robin.")
  List<String> targets;

  @Option(names = "--players", defaultValue = "100", description = "Players to bring online, all shards together (1 to " + MAX_PLAYERS + "; at most "
          + MAX_LOCAL_PLAYERS + " per process; default ${DEFAULT-VALUE}).")
  int players;

  @Option(names = "--ramp", defaultValue = "100", description = "Players started per second (default ${DEFAULT-VALUE}).")
  int ramp;

  @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class,
      description = "How long to hold all sockets after the last connect (e.g. 60s, 2m; default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--source-addresses", split = ",", defaultValue = "127.0.0.1",
      description = "Local addresses to bind client sockets to, round-robin (default ${DEFAULT-VALUE}).")
  List<String> sourceAddresses;

  @Option(names = "--report", description = "Directory for summary.json, summary.txt and report.html (created if missing).")
  Path report;

  @Option(names = "--max-in-flight", defaultValue = "64", description = "Connect attempts in flight at once (default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(names = "--max-attempts", defaultValue = "3", description = "Tries per player, with exponential backoff and full jitter (default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "Timeout of each step of one try: login, TCP connect, welcome (default ${DEFAULT-VALUE}).")
  Duration stepTimeout;

  @Option(names = "--deadline-slack", defaultValue = "60s", converter = DurationConverter.class,
      description = "Time past the planned ramp + --duration before the run is aborted (exit 3). A ramp slower"
          + " than asked eats into it and then into the hold; raise it for long ramps on a busy box"
          + " (default ${DEFAULT-VALUE}).")
  Duration deadlineSlack;

  @Option(names = "--warmup", defaultValue = "0s", converter = DurationConverter.class,
      description = "Leave out of the behaviours' latency figures (match.found, ticket.post, room ops...) what"
          + " they record in the first D of the hold, to the second; counts and rates still include it."
          + " For steady-state latency without each player's first, cold request (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--io-threads", defaultValue = "0", description = "Netty event-loop threads (0 = number of cores).")
  int ioThreads;

  @Option(names = "--quiet", description = "No progress line on stderr.")
  boolean quiet;

  @Option(names = "--shard", defaultValue = "1/1",
      description = "i/n: run only every n-th player starting at player i (1-based), e.g. 1/2 and 2/2 in two"
          + " processes; --players is the total over all shards, --ramp is per process (default ${DEFAULT-VALUE}).")
  String shard;

  @Option(names = "--sync-dir",
      description = "presence with several shards: a fresh directory shared by the shard processes, where they"
          + " swap player ids and wait for each other before watching and before changing.")
  Path syncDir;

  @Option(names = "--seed", description = "presence: seed of the social graph and of who changes (default: the scenario file's, else 42).")
  Long seed;

  @Option(names = "--watchers-per-player",
      description = "presence: how many other players watch each player (default: the scenario file's, else 20).")
  Integer watchersPerPlayer;

  @Option(names = "--settle-timeout", defaultValue = "180s", converter = DurationConverter.class,
      description = "presence: longest time between the ramp and the hold (waiting for the other shards and for"
          + " the watches' snapshots); watches still unanswered then count as watch_timeout (default ${DEFAULT-VALUE}).")
  Duration settleTimeout;

  @Option(names = "--change-rate",
      description = "presence: fraction of the players that change status per second, spread evenly (default: the"
          + " scenario file's, else 0.01).")
  Double changeRate;

  @Option(names = "--resume-rate",
      description = "presence, mixed: fraction of the presence players per second that drop their socket and resume"
          + " (default: the scenario file's, else 0).")
  Double resumeRate;

  @Override
  public Integer call() {
    RunConfig config = validate();
    return new Runner(config).run();
  }

  /** Checks every option and turns them into a {@link RunConfig}; a problem is a clear usage error. */
  RunConfig validate() {
    ScenarioFile spec;
    try {
      spec = ScenarioFiles.load(scenario);
    } catch (ScenarioFiles.BadScenarioFile e) {
      throw usage("--scenario: " + e.getMessage());
    }
    ScenarioFile.PresenceParams pr = spec.presence();
    spec = new ScenarioFile(spec.scenario(), spec.description(), spec.mix(),
        new ScenarioFile.PresenceParams(watchersPerPlayer != null ? watchersPerPlayer : pr.watchersPerPlayer(),
            changeRate != null ? changeRate : pr.changeRate(), seed != null ? seed : pr.seed()),
        spec.lobby(), spec.matchmaking(),
        new ScenarioFile.ResumeParams(resumeRate != null ? resumeRate : spec.resume().rate()));
    if (players < 1 || players > MAX_PLAYERS) {
      throw usage("--players must be from 1 to " + MAX_PLAYERS + " (was " + players + ")");
    }
    if (ramp < 1 || ramp > 100_000) {
      throw usage("--ramp must be from 1 to 100000 players per second (was " + ramp + ")");
    }
    if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
      throw usage("--duration must be from 0s to 1h (was " + duration + ")");
    }
    if (maxInFlight < 1 || maxInFlight > 10_000) {
      throw usage("--max-in-flight must be from 1 to 10000 (was " + maxInFlight + ")");
    }
    if (maxAttempts < 1 || maxAttempts > 10) {
      throw usage("--max-attempts must be from 1 to 10 (was " + maxAttempts + ")");
    }
    if (stepTimeout.isZero() || stepTimeout.isNegative() || stepTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
      throw usage("--timeout must be from 1ms to 5m (was " + stepTimeout + ")");
    }
    if (deadlineSlack.isNegative() || deadlineSlack.compareTo(Duration.ofHours(2)) > 0) {
      throw usage("--deadline-slack must be from 0s to 2h (was " + deadlineSlack + ")");
    }
    if (warmup.isNegative() || warmup.compareTo(duration) >= 0 && !warmup.isZero()) {
      throw usage("--warmup must be from 0s to less than --duration (was " + warmup + ")");
    }
    if (ioThreads < 0 || ioThreads > 64) {
      throw usage("--io-threads must be from 0 to 64 (was " + ioThreads + ")");
    }
    int[] sh = parseShard(shard);
    int local = RunConfig.localCount(players, sh[0], sh[1]);
    if (local > MAX_LOCAL_PLAYERS) {
      throw usage("--players " + players + " with --shard " + shard + " gives this process " + local
          + " players; at most " + MAX_LOCAL_PLAYERS + " per process (run more shards)");
    }
    if (watchersPerPlayer != null && (watchersPerPlayer < 0 || watchersPerPlayer > 1_000)) {
      throw usage("--watchers-per-player must be from 0 to 1000 (was " + watchersPerPlayer + ")");
    }
    if (changeRate != null && !(changeRate >= 0 && changeRate <= 1)) {
      throw usage("--change-rate must be from 0 to 1 (was " + changeRate + ")");
    }
    if (resumeRate != null && !(resumeRate >= 0 && resumeRate <= 1)) {
      throw usage("--resume-rate must be from 0 to 1 (was " + resumeRate + ")");
    }
    if (settleTimeout.isZero() || settleTimeout.compareTo(Duration.ofMinutes(30)) > 0) {
      throw usage("--settle-timeout must be from 1s to 30m (was " + settleTimeout + ")");
    }
    if (sh[1] > 1 && "presence".equals(spec.scenario()) && syncDir == null) {
      throw usage("--scenario presence with --shard " + shard + " needs --sync-dir (shared by the shards)");
    }
    List<URI> uris = new ArrayList<>();
    for (String t : targets) {
      uris.add(parseTarget(t.trim()));
    }
    List<InetAddress> sources = new ArrayList<>();
    for (String s : sourceAddresses) {
      sources.add(parseSource(s.trim()));
    }
    int threads = ioThreads == 0 ? Runtime.getRuntime().availableProcessors() : ioThreads;
    return new RunConfig(spec.scenario(), List.copyOf(uris), players, ramp, duration, List.copyOf(sources),
        report, maxInFlight, maxAttempts, stepTimeout, threads, !quiet, sh[0], sh[1], syncDir,
        spec.presence().seed(), spec.presence().watchersPerPlayer(), spec.presence().changeRate(), settleTimeout,
        spec, deadlineSlack, warmup);
  }

  private int[] parseShard(String value) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,4})/(\\d{1,4})").matcher(value.trim());
    if (!m.matches()) {
      throw usage("--shard must look like i/n, e.g. 1/2 (was '" + value + "')");
    }
    int i = Integer.parseInt(m.group(1));
    int n = Integer.parseInt(m.group(2));
    if (n < 1 || i < 1 || i > n) {
      throw usage("--shard i/n needs 1 <= i <= n (was '" + value + "')");
    }
    if (i > players) {
      throw usage("--shard " + value + " has no players of " + players);
    }
    return new int[] {i, n};
  }

  private URI parseTarget(String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw usage("--target '" + value + "' is not a URL");
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw usage("--target must be an http://host:port URL (was '" + value + "')");
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      throw usage("--target is a base URL without a path (was '" + value + "')");
    }
    InetAddress address = resolve(uri.getHost(), "--target");
    if (!address.isLoopbackAddress()) {
      throw usage("--target must be a loopback address (127.0.0.0/8, ::1); '" + value + "' is not");
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    return URI.create("http://" + hostLiteral(uri.getHost()) + ":" + port);
  }

  private static String hostLiteral(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private InetAddress parseSource(String value) {
    InetAddress address = resolve(value, "--source-addresses");
    if (!address.isLoopbackAddress()) {
      throw usage("--source-addresses must be loopback addresses (127.0.0.0/8); '" + value + "' is not");
    }
    return address;
  }

  private InetAddress resolve(String host, String option) {
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw usage(option + ": unknown host '" + host + "'");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
