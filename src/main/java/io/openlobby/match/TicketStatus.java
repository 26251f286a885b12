package io.openlobby.match;

import java.util.Locale;

/** A ticket's lifecycle as the wire names it. */
public enum TicketStatus {
  SEARCHING,
  PROPOSED,
  MATCHED,
  CANCELLED,
  EXPIRED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean live() {
    return this == SEARCHING || this == PROPOSED;
  }
}
