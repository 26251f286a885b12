package io.openlobby.match;

import io.openlobby.CborSerializable;
import java.util.List;

/**
 * A ticket as the matcher sees it: a party ({@code players}, one or more, always kept on one team)
 * with one skill rating, waiting since {@code enqueuedAt} (kept when a ticket is requeued after a
 * failed ready-check, so it does not lose its place).
 */
public record MatchTicket(String ticketId, List<String> players, double skill, long enqueuedAt)
    implements CborSerializable {

  public MatchTicket {
    players = List.copyOf(players);
    if (players.isEmpty()) {
      throw new IllegalArgumentException("a ticket has at least one player");
    }
  }

  public int size() {
    return players.size();
  }
}
