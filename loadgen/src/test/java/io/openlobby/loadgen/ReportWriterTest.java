package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

  @Test
  void thePageInlinesChartJsAndHoldsTheData() throws Exception {
    Histogram h = new Histogram(3_600_000_000L, 3);
    for (int i = 1; i <= 1_000; i++) {
      h.recordValue(i * 1_000L);
    }
    TimeSeries ts = new TimeSeries();
    ts.sample(1.0, 10, 100, 50, 0);
    ts.sample(2.0, 20, 300, 90, 1);
    String html = ReportWriter.html("loadgen lobby <run>", "connected 20/20 & more", Map.of("room.chat", h,
        "empty", new Histogram(3)), ts.samples());
    String version = ReportWriter.chartJsVersion();
    assertTrue(html.contains("Chart.js v" + version), "the library itself is in the page");
    assertTrue(html.length() > 150_000, "the whole library, not a link to it");
    assertFalse(html.contains("<script src="), "nothing is loaded from elsewhere");
    assertTrue(html.contains("\"room.chat\":[1.0,"), "the percentile curve of a histogram");
    assertTrue(html.contains("1000.447"), "its max");
    assertFalse(html.contains("\"empty\""), "an empty histogram is left out");
    assertTrue(html.contains("\"open\":[10,20]"), html.substring(html.length() - 2_000));
    assertTrue(html.contains("\"framesInPerSecond\":[100,200]"));
    assertTrue(html.contains("\"framesOutPerSecond\":[50,40]"));
    assertTrue(html.contains("loadgen lobby &lt;run&gt;") && html.contains("connected 20/20 &amp; more"));
  }
}
