package io.openlobby.loadgen;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations such as {@code 60s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h)?");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  public static Duration parse(String value) {
    Matcher m = FORMAT.matcher(value.trim().toLowerCase());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (examples: 60s, 500ms, 2m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    switch (unit) {
      case "ms": return Duration.ofMillis(n);
      case "s": return Duration.ofSeconds(n);
      case "m": return Duration.ofMinutes(n);
      default: return Duration.ofHours(n);
    }
  }
}
