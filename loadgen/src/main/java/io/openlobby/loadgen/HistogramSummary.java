package io.openlobby.loadgen;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency histogram (recorded in microseconds), reported in milliseconds. */
public record HistogramSummary(long count, double p50, double p90, double p99, double max, double mean) {

  public static HistogramSummary of(Histogram micros) {
    if (micros.getTotalCount() == 0) {
      return new HistogramSummary(0, 0, 0, 0, 0, 0);
    }
    return new HistogramSummary(
        micros.getTotalCount(),
        ms(micros.getValueAtPercentile(50)),
        ms(micros.getValueAtPercentile(90)),
        ms(micros.getValueAtPercentile(99)),
        ms(micros.getMaxValue()),
        Math.round(micros.getMean()) / 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }

  /** One line for the text summary. */
  public String line(String label) {
    return String.format(java.util.Locale.ROOT,
        "%-8s n=%-7d p50 %9.2f ms  p90 %9.2f ms  p99 %9.2f ms  max %9.2f ms  mean %9.2f ms",
        label, count, p50, p90, p99, max, mean);
  }
}
