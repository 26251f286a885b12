package io.openlobby.match;

import java.util.List;

/** Teams the matcher formed: each team a list of whole tickets, together exactly teamSize players. */
public record FormedMatch(List<List<MatchTicket>> teams) {

  public FormedMatch {
    teams = teams.stream().map(List::copyOf).toList();
  }

  public List<MatchTicket> tickets() {
    return teams.stream().flatMap(List::stream).toList();
  }

  /** The player ids of each team, in team order. */
  public List<List<String>> playerTeams() {
    return teams.stream()
        .map(team -> team.stream().flatMap(t -> t.players().stream()).toList())
        .toList();
  }
}
