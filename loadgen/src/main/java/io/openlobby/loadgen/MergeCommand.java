package io.openlobby.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code loadgen merge DIR...}: merges the summary.json of several processes of one run (the shards
 * of {@code --shard i/n}): counts and per-kind maps are added, histograms are added (HdrHistogram
 * {@code add}) and their percentiles recomputed, connects/s are added (the shards ran side by side).
 */
@Command(name = "loadgen merge", mixinStandardHelpOptions = true,
    description = "Merge the summary.json files of the shards of one run.")
public final class MergeCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Report directories (each with a summary.json).")
  List<Path> dirs;

  @Option(names = "--report", description = "Directory for the merged summary.json.")
  Path report;

  PrintStream out = System.out;

  /** Presence fields that describe the run rather than count something: taken from the first. */
  private static final List<String> PRESENCE_SAME =
      List.of("players", "watchersPerPlayer", "seed", "changeRate");

  @Override
  public Integer call() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> parts = new ArrayList<>();
    for (Path d : dirs) {
      parts.add(json.readTree((Files.isDirectory(d) ? d.resolve("summary.json") : d).toFile()));
    }
    JsonNode first = parts.get(0);
    ObjectNode merged = json.createObjectNode();
    merged.put("scenario", first.path("scenario").asText());
    merged.put("players", first.path("players").asInt());
    merged.put("shards", parts.size());
    long local = 0;
    String startedAt = null;
    String endedAt = null;
    List<String> outcomes = new ArrayList<>();
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Map<String, Long>> maps = new TreeMap<>();
    Map<String, Histogram> histograms = new TreeMap<>();
    Map<String, Double> presence = new TreeMap<>();
    ObjectNode behaviours = null;
    ObjectNode resumes = json.createObjectNode();
    double connectsPerSecond = 0;
    double rampSeconds = 0;
    double changeSeconds = 0;
    for (JsonNode p : parts) {
      local += p.path("localPlayers").asLong(p.path("players").asLong());
      String s = p.path("startedAt").asText();
      String e = p.path("endedAt").asText();
      startedAt = startedAt == null || s.compareTo(startedAt) < 0 ? s : startedAt;
      endedAt = endedAt == null || e.compareTo(endedAt) > 0 ? e : endedAt;
      outcomes.add(p.path("outcome").asText());
      addFields(p.path("counts"), counts);
      for (String m : List.of("errors", "closing", "serverErrors")) {
        addFields(p.path(m), maps.computeIfAbsent(m, k -> new TreeMap<>()));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = p.path("histograms").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> h = it.next();
        Histogram decoded = Summary.decode(h.getValue().asText());
        histograms.merge(h.getKey(), decoded, (a, b) -> {
          a.add(b);
          return a;
        });
      }
      connectsPerSecond += p.path("ramp").path("connectsPerSecond").asDouble();
      rampSeconds = Math.max(rampSeconds, p.path("ramp").path("actualSeconds").asDouble());
      if (p.path("behaviours").isObject()) {
        behaviours = behaviours == null ? json.createObjectNode() : behaviours;
        addTree((ObjectNode) p.path("behaviours"), behaviours);
      }
      JsonNode pr = p.path("presence");
      if (pr.path("resumes").isObject()) {
        addTree((ObjectNode) pr.path("resumes"), resumes);
      }
      if (pr.isObject()) {
        changeSeconds = Math.max(changeSeconds, pr.path("changePhaseSeconds").asDouble());
        for (Iterator<Map.Entry<String, JsonNode>> it = pr.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> f = it.next();
          if (f.getValue().isNumber()) {
            if (PRESENCE_SAME.contains(f.getKey())) {
              presence.putIfAbsent(f.getKey(), f.getValue().asDouble());
            } else {
              presence.merge(f.getKey(), f.getValue().asDouble(), Double::sum);
            }
          }
        }
      }
    }
    merged.put("localPlayers", local);
    merged.put("startedAt", startedAt);
    merged.put("endedAt", endedAt);
    merged.putPOJO("outcomes", outcomes);
    merged.putPOJO("counts", counts);
    maps.forEach(merged::putPOJO);
    ObjectNode ramp = merged.putObject("ramp");
    ramp.put("actualSeconds", rampSeconds);
    ramp.put("connectsPerSecond", Math.round(connectsPerSecond * 10) / 10.0);
    ObjectNode latency = merged.putObject("latencyMs");
    histograms.forEach((name, h) -> latency.putPOJO(name, HistogramSummary.of(h)));
    if (!presence.isEmpty()) {
      final double phase = changeSeconds;
      ObjectNode pr = merged.putObject("presence");
      presence.forEach((k, v) -> {
        if (k.equals("changePhaseSeconds")) {
          pr.put(k, phase);
        } else if (k.equals("changeRate")) {
          pr.put(k, v);
        } else {
          pr.put(k, Math.round(v));
        }
      });
      double delivered = presence.getOrDefault("delivered", 0.0);
      double want = presence.getOrDefault("expectedDeliveries", 0.0);
      double watchers = presence.getOrDefault("watchersOnline", 0.0);
      pr.put("deliveredRatio", want == 0 ? 0 : Math.round(delivered * 1e6 / want) / 1e6);
      pr.put("eventsPerWatcherPerSecond",
          watchers == 0 || changeSeconds == 0 ? 0 : Math.round(delivered * 1e4 / watchers / changeSeconds) / 1e4);
      pr.remove("latencyMs");
      pr.remove("watchLatencyMs");
      pr.set("resumes", resumes);
    }
    if (behaviours != null) {
      behaviours.remove("latencyMs"); // recomputed from the merged histograms, under latencyMs
      merged.set("behaviours", behaviours);
    }
    ObjectNode encoded = merged.putObject("histograms");
    histograms.forEach((name, h) -> encoded.put(name, Summary.encode(h)));

    TimeSeries.Samples series = sumSeries(parts);
    merged.putPOJO("timeSeries", series);
    print(out, merged, histograms);
    if (report != null) {
      Files.createDirectories(report);
      Path file = report.resolve("summary.json");
      json.enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), merged);
      java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
      try (PrintStream p = new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8)) {
        print(p, merged, histograms);
      }
      String summary = text.toString(java.nio.charset.StandardCharsets.UTF_8);
      Files.writeString(report.resolve("summary.txt"), summary);
      ReportWriter.write(report.resolve("report.html"), "loadgen " + merged.path("scenario").asText() + ", "
          + parts.size() + " shards merged, " + startedAt, summary, histograms, series);
      out.println("summary: " + file + " (and summary.txt, report.html)");
    }
    return 0;
  }

  /**
   * The shards' time series added sample by sample (the shards ran side by side, started together
   * within a second or so): sockets open, frames/s and errors of the whole run.
   */
  static TimeSeries.Samples sumSeries(List<JsonNode> parts) {
    List<Double> seconds = new ArrayList<>();
    List<List<Long>> sums = new ArrayList<>();
    List<String> fields = List.of("open", "framesInPerSecond", "framesOutPerSecond", "errors");
    fields.forEach(f -> sums.add(new ArrayList<>()));
    for (JsonNode p : parts) {
      JsonNode ts = p.path("timeSeries");
      JsonNode secs = ts.path("seconds");
      for (int i = seconds.size(); i < secs.size(); i++) {
        seconds.add(secs.get(i).asDouble());
      }
      for (int k = 0; k < fields.size(); k++) {
        List<Long> sum = sums.get(k);
        JsonNode values = ts.path(fields.get(k));
        for (int i = 0; i < values.size(); i++) {
          if (i < sum.size()) {
            sum.set(i, sum.get(i) + values.get(i).asLong());
          } else {
            sum.add(values.get(i).asLong());
          }
        }
      }
    }
    return new TimeSeries.Samples(seconds, sums.get(0), sums.get(1), sums.get(2), sums.get(3));
  }

  private static void print(PrintStream out, ObjectNode m, Map<String, Histogram> histograms) {
    out.printf(Locale.ROOT, "merged %d shards: scenario %s  players %d (run by the shards: %d)  outcomes %s%n",
        m.path("shards").asInt(), m.path("scenario").asText(), m.path("players").asInt(),
        m.path("localPlayers").asLong(), m.path("outcomes"));
    out.printf(Locale.ROOT, "started %s  ended %s%n", m.path("startedAt").asText(), m.path("endedAt").asText());
    out.println("counts: " + m.path("counts"));
    out.println("errors: " + m.path("errors"));
    out.println("closing frames by reason: " + m.path("closing"));
    out.println("server error frames by code: " + m.path("serverErrors"));
    out.printf(Locale.ROOT, "ramp: longest %.1f s, %.1f connects/s (sum of the shards)%n",
        m.path("ramp").path("actualSeconds").asDouble(), m.path("ramp").path("connectsPerSecond").asDouble());
    histograms.forEach((name, h) -> out.println(HistogramSummary.of(h).line(name)));
    if (m.has("behaviours")) {
      JsonNode b = m.path("behaviours");
      out.printf(Locale.ROOT, "behaviours: players %s; room events acked %.1f/s; matches %.1f/s (sums of the shards)%n",
          b.path("players"), b.path("roomEventsAckedPerSecond").asDouble(), b.path("matchesPerSecond").asDouble());
      b.path("counts").fields().forEachRemaining(e -> out.println(e.getKey() + ": " + e.getValue()));
    }
    if (m.has("presence")) {
      JsonNode p = m.path("presence");
      out.printf(Locale.ROOT,
          "presence: changes %d (acks %d); delivered %d / expected %d (%.4f); other presence events %d;"
              + " %.4f events per watcher per second; watches %d, snapshots %d, refused ids %d, errors %d%n",
          p.path("changesSent").asLong(), p.path("setAcks").asLong(), p.path("delivered").asLong(),
          p.path("expectedDeliveries").asLong(), p.path("deliveredRatio").asDouble(),
          p.path("otherPresenceEvents").asLong(), p.path("eventsPerWatcherPerSecond").asDouble(),
          p.path("watchesSent").asLong(), p.path("snapshots").asLong(), p.path("refusedIds").asLong(),
          p.path("watchErrors").asLong());
    }
  }

  /**
   * Adds the numbers of {@code from} into {@code into}, object by object (the shards ran side by
   * side, so counts and per-second rates add up); {@code holdSeconds} takes the longest.
   */
  static void addTree(ObjectNode from, ObjectNode into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      JsonNode have = into.get(f.getKey());
      if (v.isObject()) {
        addTree((ObjectNode) v, have instanceof ObjectNode ? (ObjectNode) have : into.putObject(f.getKey()));
      } else if (v.isNumber()) {
        double a = have == null ? 0 : have.asDouble();
        double sum = f.getKey().equals("holdSeconds") ? Math.max(a, v.asDouble()) : a + v.asDouble();
        if (v.isIntegralNumber() && (have == null || have.isIntegralNumber())) {
          into.put(f.getKey(), Math.round(sum));
        } else {
          into.put(f.getKey(), Math.round(sum * 10) / 10.0);
        }
      }
    }
  }

  private static void addFields(JsonNode node, Map<String, Long> into) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isNumber()) {
        into.merge(f.getKey(), f.getValue().asLong(), Long::sum);
      }
    }
  }
}
