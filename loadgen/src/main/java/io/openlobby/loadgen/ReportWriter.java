package io.openlobby.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/**
 * report.html: the text summary, a latency percentile curve per histogram, players connected over
 * time and frames per second over time, drawn by Chart.js. Chart.js is read from its webjar on the
 * classpath and inlined, so the page opens in a browser without a network.
 */
public final class ReportWriter {
  static final double[] PERCENTILES = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100};
  private static final String WEBJAR = "META-INF/resources/webjars/chart.js/";
  private static final String POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

  private ReportWriter() {}

  public static void write(Path file, String title, String text, Map<String, Histogram> histograms,
      TimeSeries.Samples series) throws IOException {
    Files.writeString(file, html(title, text, histograms, series), StandardCharsets.UTF_8);
  }

  /** The page. */
  public static String html(String title, String text, Map<String, Histogram> histograms, TimeSeries.Samples series)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode data = json.createObjectNode();
    ArrayNode labels = data.putArray("percentiles");
    for (double p : PERCENTILES) {
      labels.add(p);
    }
    ObjectNode curves = data.putObject("latencyMs");
    histograms.forEach((name, h) -> {
      if (h.getTotalCount() > 0) {
        ArrayNode values = curves.putArray(name);
        for (double p : PERCENTILES) {
          values.add((p == 100 ? h.getMaxValue() : h.getValueAtPercentile(p)) / 1000.0);
        }
      }
    });
    data.putPOJO("series", series);
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
        + "</title>\n<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:1em;"
        + "overflow:auto}.chart{max-width:1000px;margin-bottom:2em}</style>\n"
        + "<script>/* Chart.js " + chartJsVersion() + " (MIT licence), inlined */\n" + scriptSafe(chartJs())
        + "\n</script></head><body>\n<h1>" + escape(title) + "</h1>\n"
        + "<h2>Latency percentiles (ms)</h2><div class=\"chart\"><canvas id=\"latency\"></canvas></div>\n"
        + "<h2>Players connected</h2><div class=\"chart\"><canvas id=\"players\"></canvas></div>\n"
        + "<h2>Frames per second</h2><div class=\"chart\"><canvas id=\"frames\"></canvas></div>\n"
        + "<h2>Summary</h2><pre>" + escape(text) + "</pre>\n"
        + "<script type=\"application/json\" id=\"data\">" + scriptSafe(json.writeValueAsString(data)) + "</script>\n"
        + "<script>\n" + DRAW + "</script>\n</body></html>\n";
  }

  private static final String DRAW = String.join("\n",
      "const d = JSON.parse(document.getElementById('data').textContent);",
      "const line = (id, labels, sets, yTitle, xTitle, logY) => new Chart(document.getElementById(id), {",
      "  type: 'line', data: {labels: labels, datasets: sets},",
      "  options: {animation: false, scales: {x: {title: {display: true, text: xTitle}},",
      "    y: {type: logY ? 'logarithmic' : 'linear', title: {display: true, text: yTitle}}}}});",
      "line('latency', d.percentiles.map(p => 'p' + p),",
      "  Object.entries(d.latencyMs).map(([k, v]) => ({label: k, data: v, pointRadius: 2})),",
      "  'ms', 'percentile', true);",
      "const s = d.series || {seconds: [], open: [], framesInPerSecond: [], framesOutPerSecond: []};",
      "line('players', s.seconds, [{label: 'players connected', data: s.open, pointRadius: 0}], 'sockets open', 's', false);",
      "line('frames', s.seconds, [{label: 'frames in/s', data: s.framesInPerSecond, pointRadius: 0},",
      "  {label: 'frames out/s', data: s.framesOutPerSecond, pointRadius: 0}], 'frames/s', 's', false);",
      "");

  /** The version of the Chart.js webjar on the classpath. */
  static String chartJsVersion() throws IOException {
    try (InputStream in = ReportWriter.class.getClassLoader().getResourceAsStream(POM)) {
      if (in == null) {
        throw new IOException("the Chart.js webjar (org.webjars.npm:chart.js) is not on the classpath");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  /** Chart.js's self-contained UMD build from the webjar. */
  static String chartJs() throws IOException {
    String path = WEBJAR + chartJsVersion() + "/dist/chart.umd.js";
    try (InputStream in = ReportWriter.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException(path + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Text inside a script element must not close it. */
  private static String scriptSafe(String s) {
    return s.replace("</", "<\\/");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
