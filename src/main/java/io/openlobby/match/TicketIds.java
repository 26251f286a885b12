package io.openlobby.match;

import io.openlobby.Settings;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ticket ids name the queue that owns the ticket ({@code t.<mode>.<region>.<random>}), so any node
 * finds it without a lookup table; clients treat them as opaque.
 */
public final class TicketIds {
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern ID =
      Pattern.compile("t\\.(" + Settings.NAME.pattern() + ")\\.(" + Settings.NAME.pattern() + ")\\.[a-z0-9]{12}");

  private TicketIds() {}

  public static String next(String mode, String region) {
    StringBuilder id = new StringBuilder("t.").append(mode).append('.').append(region).append('.');
    for (int i = 0; i < 12; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /** The home queue of a well-formed ticket id. */
  public static Optional<QueueKey> queueOf(String ticketId) {
    Matcher m = ID.matcher(ticketId == null ? "" : ticketId);
    return m.matches() ? Optional.of(new QueueKey(m.group(1), m.group(2))) : Optional.empty();
  }
}
