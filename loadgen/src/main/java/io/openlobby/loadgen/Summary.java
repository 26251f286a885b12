package io.openlobby.loadgen;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.openlobby.loadgen.scenario.Scenario.ScenarioResults;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The result of one run: printed as text on stdout and written as {@code summary.json}. The latency
 * histograms themselves are in {@code histograms} (HdrHistogram's compressed encoding, base64, in
 * microseconds), so that the summaries of several shards can be merged ({@code loadgen merge}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Summary(
    String scenario,
    List<String> targets,
    List<String> sourceAddresses,
    int players,
    String shard,
    int localPlayers,
    int rampPerSecond,
    double durationSeconds,
    double warmupSeconds,
    String startedAt,
    String endedAt,
    String outcome,
    Counts counts,
    Map<String, Long> errors,
    Map<String, Long> closing,
    Map<String, Long> serverErrors,
    Ramp ramp,
    Latencies latencyMs,
    ScenarioResults presence,
    ScenarioResults behaviours,
    Loadgen loadgen,
    TimeSeries.Samples timeSeries,
    Map<String, String> histograms) {

  public record Counts(
      long started, long attempts, long retries, long connected, long failedPlayers,
      long droppedWhileHeld, long openAtHoldEnd, long pingsReceived, long framesReceived,
      long appPingsSent, long appPongsReceived, long framesSent) {}

  /** The ramp: planned vs. actual time (first try start to last welcome) and connects per second. */
  public record Ramp(
      double plannedSeconds, double actualSeconds, double connectsPerSecond, List<Long> connectsPerSecondSeries) {}

  public record Latencies(HistogramSummary login, HistogramSummary connect, HistogramSummary total) {}

  /** The generator's own footprint, sampled at the end of the hold (all sockets open). */
  public record Loadgen(String transport, int ioThreads, long rssKb, long peakRssKb, long heapUsedBytes) {}

  public void print(PrintStream out) {
    out.printf(Locale.ROOT, "scenario %s  targets %s  players %d (shard %s: %d)  ramp %d/s  hold %.0f s  outcome %s%n",
        scenario, targets, players, shard, localPlayers, rampPerSecond, durationSeconds, outcome);
    out.printf(Locale.ROOT, "started %s  ended %s%n", startedAt, endedAt);
    if (warmupSeconds > 0) {
      out.printf(Locale.ROOT, "warm-up: the behaviours' latencies of the first %.0f s of the hold are left out%n",
          warmupSeconds);
    }
    out.printf(Locale.ROOT,
        "connected %d/%d  failed players %d  tries %d (retries %d)  dropped while held %d  open at hold end %d%n",
        counts.connected, localPlayers, counts.failedPlayers, counts.attempts, counts.retries,
        counts.droppedWhileHeld, counts.openAtHoldEnd);
    out.printf(Locale.ROOT, "ramp: planned %.1f s, actual %.1f s, %.1f connects/s%n",
        ramp.plannedSeconds, ramp.actualSeconds, ramp.connectsPerSecond);
    out.println("errors: " + (errors.isEmpty() ? "none" : errors));
    out.println("closing frames by reason: " + (closing.isEmpty() ? "none" : closing));
    out.println("server error frames by code: " + (serverErrors.isEmpty() ? "none" : serverErrors));
    out.println(latencyMs.login.line("login"));
    out.println(latencyMs.connect.line("connect"));
    out.println(latencyMs.total.line("total"));
    out.printf(Locale.ROOT, "server pings answered %d, frames received %d, frames sent %d, app pings sent %d, pongs %d%n",
        counts.pingsReceived, counts.framesReceived, counts.framesSent, counts.appPingsSent, counts.appPongsReceived);
    if (presence != null) {
      out.print(presence.text());
    }
    if (behaviours != null) {
      out.print(behaviours.text());
    }
    if (loadgen != null) {
      out.printf(Locale.ROOT, "loadgen: %s, %d io threads, RSS %d KB (peak %d KB), heap used %d KB%n",
          loadgen.transport, loadgen.ioThreads, loadgen.rssKb, loadgen.peakRssKb, loadgen.heapUsedBytes / 1024);
    }
  }

  /** Writes summary.json, summary.txt (what {@link #print} shows) and report.html; returns summary.json. */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("summary.json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
    try (PrintStream p = new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8)) {
      print(p);
    }
    Files.writeString(dir.resolve("summary.txt"), text.toString(java.nio.charset.StandardCharsets.UTF_8));
    Map<String, Histogram> decoded = new java.util.TreeMap<>();
    histograms.forEach((k, v) -> decoded.put(k, decode(v)));
    ReportWriter.write(dir.resolve("report.html"), "loadgen " + scenario + " " + startedAt,
        text.toString(java.nio.charset.StandardCharsets.UTF_8), decoded, timeSeries);
    return file;
  }

  /** HdrHistogram's compressed encoding in base64. */
  public static String encode(Histogram h) {
    ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    int n = h.encodeIntoCompressedByteBuffer(buf);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), n));
  }

  /** The inverse of {@link #encode}. */
  public static Histogram decode(String base64) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
    } catch (DataFormatException e) {
      throw new IllegalArgumentException("not an encoded histogram", e);
    }
  }
}
