package io.openlobby.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of tickets arriving over simulated time with random skills and party sizes; checks
 * every match the matcher forms against the rules, and that nobody starves.
 */
class MatcherRandomizedTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42})
  void everyMatchKeepsTheRulesAndNobodyStarves(long seed) {
    Random random = new Random(seed);
    MatchRules rules = new MatchRules(2, 4, 100, 100, 1200);
    Matcher matcher = new Matcher(rules);
    Map<String, MatchTicket> live = new HashMap<>();
    Set<String> everMatchedPlayers = new HashSet<>();
    long tickMs = 100;
    int created = 0;
    int playerSeq = 0;
    long now = 0;
    for (int tick = 0; tick < 3_000; tick++, now += tickMs) {
      if (tick < 2_000) {
        int arrivals = random.nextInt(4);
        for (int i = 0; i < arrivals; i++) {
          int size = 1 + (random.nextDouble() < 0.25 ? random.nextInt(4) : 0);
          List<String> players = new ArrayList<>();
          for (int p = 0; p < size; p++) {
            players.add("p" + playerSeq++);
          }
          double skill = Math.max(0, 1500 + random.nextGaussian() * 300);
          MatchTicket t = new MatchTicket("t" + created++, players, skill, now);
          matcher.add(t);
          live.put(t.ticketId(), t);
        }
      }
      for (FormedMatch match : matcher.tick(now)) {
        check(match, rules, now, live, everMatchedPlayers);
      }
    }
    assertTrue(created > 2_500, "enough tickets: " + created);
    // After 100 s without arrivals every window is at its maximum (1,200, four standard deviations):
    // what still waits is only what cannot fill the teams exactly.
    int waitingPlayers = matcher.waitingPlayers();
    assertTrue(waitingPlayers < rules.playersPerMatch() * 2, "starving players: " + waitingPlayers);
    assertEquals(live.size(), matcher.waitingTickets());
  }

  private static void check(
      FormedMatch match, MatchRules rules, long now, Map<String, MatchTicket> live, Set<String> everMatched) {
    assertEquals(rules.teams(), match.teams().size());
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (List<MatchTicket> team : match.teams()) {
      assertEquals(rules.teamSize(), team.stream().mapToInt(MatchTicket::size).sum(), "team size");
      for (MatchTicket t : team) {
        if (live.remove(t.ticketId()) == null) {
          fail("ticket " + t.ticketId() + " matched twice or never queued");
        }
        for (String p : t.players()) {
          assertTrue(everMatched.add(p), "player " + p + " in two matches");
        }
        min = Math.min(min, t.skill());
        max = Math.max(max, t.skill());
      }
    }
    for (MatchTicket t : match.tickets()) {
      double window = rules.window(now - t.enqueuedAt());
      assertTrue(max - t.skill() <= window + 1e-9 && t.skill() - min <= window + 1e-9,
          "ticket " + t.ticketId() + " outside its window " + window + ": " + min + ".." + max);
    }
  }
}
