package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadgenCommandTest {

  /** Runs the command line to the end (validation included) and returns exit code and stderr. */
  private static String[] run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new String[] {String.valueOf(code), err.toString()};
  }

  private static void assertUsageError(String expected, String... args) {
    String[] result = run(args);
    assertEquals("2", result[0], result[1]);
    assertTrue(result[1].contains(expected), "stderr was: " + result[1]);
    assertTrue(result[1].contains("--help"), "stderr was: " + result[1]);
  }

  private static RunConfig parse(String... args) {
    CommandLine cl = Main.commandLine();
    cl.parseArgs(args);
    return ((LoadgenCommand) cl.getCommand()).validate();
  }

  @Test
  void rampZeroIsAClearError() {
    assertUsageError("--ramp must be from 1 to 100000 players per second (was 0)",
        "--target", "http://127.0.0.1:8080", "--ramp", "0");
  }

  @Test
  void otherBadValuesAreClearErrors() {
    assertUsageError("--players must be from 1 to 2000000 (was 0)", "--target", "http://127.0.0.1:1", "--players", "0");
    assertUsageError("--players 60000 with --shard 1/1 gives this process 60000 players; at most 50000 per process",
        "--target", "http://127.0.0.1:1", "--players", "60000");
    assertEquals(25_000, parse("--target", "http://127.0.0.1:1", "--players", "1000000", "--shard", "40/40")
        .localPlayers(), "a 1M fleet: 40 processes of 25,000");
    assertUsageError("'soon' is not a duration", "--target", "http://127.0.0.1:1", "--duration", "soon");
    assertUsageError("--duration must be from 0s to 1h", "--target", "http://127.0.0.1:1", "--duration", "2h");
    assertUsageError("--max-in-flight must be", "--target", "http://127.0.0.1:1", "--max-in-flight", "0");
    assertUsageError("--scenario: no scenario file chat.json", "--target", "http://127.0.0.1:1", "--scenario", "chat");
    assertUsageError("Missing required option: '--target", "--players", "10");
    assertUsageError("must be a loopback address", "--target", "http://192.0.2.1:8080");
    assertUsageError("must be an http://host:port URL", "--target", "ws://127.0.0.1:8080");
    assertUsageError("--source-addresses must be loopback", "--target", "http://127.0.0.1:1",
        "--source-addresses", "192.0.2.7");
  }

  @Test
  void parsesTargetsSourcesAndDurations() {
    RunConfig c = parse("--scenario", "idle", "--target", "http://127.0.0.1:8081,http://127.0.0.1:8082",
        "--target", "http://localhost:8083", "--players", "10000", "--ramp", "500", "--duration", "90s",
        "--source-addresses", "127.0.0.1,127.0.0.2", "--report", "out");
    assertEquals(List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082"),
        URI.create("http://localhost:8083")), c.targets());
    assertEquals(10_000, c.players());
    assertEquals(500, c.ramp());
    assertEquals(Duration.ofSeconds(90), c.duration());
    assertEquals(URI.create("http://127.0.0.1:8082"), c.targetFor(1));
    assertEquals(URI.create("http://127.0.0.1:8081"), c.targetFor(3));
    assertEquals("127.0.0.2", c.sourceFor(1).getHostAddress());
    assertEquals("127.0.0.1", c.sourceFor(2).getHostAddress());
    assertEquals(64, c.maxInFlight());
    assertEquals(3, c.maxAttempts());
    // 9,999 / 500 s of ramp + 90 s of hold + 60 s of slack
    assertEquals(Duration.ofMillis(19_998 + 90_000 + 60_000), c.hardDeadline());
  }

  @Test
  void aLongerDeadlineSlackForSlowRamps() {
    RunConfig c = parse("--target", "http://127.0.0.1:1", "--players", "10000", "--ramp", "500",
        "--duration", "90s", "--deadline-slack", "10m");
    assertEquals(Duration.ofMillis(19_998 + 90_000 + 600_000), c.hardDeadline());
  }

  @Test
  void warmupMustBeShorterThanTheHold() {
    assertEquals(Duration.ZERO, parse("--target", "http://127.0.0.1:1").warmup());
    assertEquals(Duration.ofSeconds(15),
        parse("--target", "http://127.0.0.1:1", "--duration", "60s", "--warmup", "15s").warmup());
    assertUsageError("--warmup must be from 0s to less than --duration", "--target", "http://127.0.0.1:1",
        "--duration", "60s", "--warmup", "60s");
  }

  @Test
  void shards() {
    RunConfig c = parse("--target", "http://127.0.0.1:1", "--players", "19000", "--shard", "2/2",
        "--source-addresses", "127.0.0.2,127.0.0.3,127.0.0.4");
    assertEquals(9_500, c.localPlayers());
    assertEquals(1, c.globalIndex(0));
    assertEquals(18_999, c.globalIndex(9_499));
    assertTrue(c.isLocal(3) && !c.isLocal(4));
    // each shard uses all its source addresses
    assertEquals("127.0.0.2", c.sourceFor(1).getHostAddress());
    assertEquals("127.0.0.3", c.sourceFor(3).getHostAddress());
    assertEquals("127.0.0.4", c.sourceFor(5).getHostAddress());
    assertEquals(2, RunConfig.localCount(5, 1, 3));
    assertEquals(1, RunConfig.localCount(5, 3, 3));
    assertEquals(5, parse("--target", "http://127.0.0.1:1", "--players", "5").localPlayers());
    assertUsageError("--shard must look like i/n", "--target", "http://127.0.0.1:1", "--shard", "2");
    assertUsageError("--shard i/n needs 1 <= i <= n", "--target", "http://127.0.0.1:1", "--shard", "3/2");
    assertUsageError("needs --sync-dir", "--target", "http://127.0.0.1:1", "--scenario", "presence",
        "--shard", "1/2");
    assertUsageError("--change-rate must be from 0 to 1", "--target", "http://127.0.0.1:1", "--change-rate", "2");
  }

  @Test
  void durations() {
    assertEquals(Duration.ofSeconds(60), DurationConverter.parse("60s"));
    assertEquals(Duration.ofSeconds(7), DurationConverter.parse("7"));
    assertEquals(Duration.ofMillis(250), DurationConverter.parse("250ms"));
    assertEquals(Duration.ofMinutes(2), DurationConverter.parse("2m"));
    assertEquals(Duration.ofHours(1), DurationConverter.parse("1H"));
    assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("-1s"));
    assertThrows(CommandLine.TypeConversionException.class, () -> DurationConverter.parse("1d"));
  }
}
