package io.openlobby.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatcherTest {
  private static final MatchRules DUEL = new MatchRules(2, 1, 100, 50, 400);
  private static final MatchRules SQUADS = new MatchRules(2, 4, 200, 50, 1000);

  private static MatchTicket solo(String id, double skill, long at) {
    return new MatchTicket(id, List.of(id), skill, at);
  }

  private static MatchTicket party(String id, double skill, long at, String... players) {
    return new MatchTicket(id, List.of(players), skill, at);
  }

  @Test
  void pairsTwoDuelistsWithinTheWindow() {
    Matcher m = new Matcher(DUEL);
    m.add(solo("a", 1500, 0));
    m.add(solo("b", 1580, 10));
    List<FormedMatch> formed = m.tick(20);
    assertEquals(1, formed.size());
    assertEquals(Set.of(List.of("a"), List.of("b")), Set.copyOf(formed.get(0).playerTeams()));
    assertEquals(0, m.waitingTickets());
  }

  @Test
  void keepsTicketsApartUntilTheirWindowsHaveWidenedEnough() {
    Matcher m = new Matcher(DUEL);
    m.add(solo("a", 1500, 0));
    m.add(solo("b", 1700, 0)); // 200 apart: windows are 100 at first, +50 per second
    assertTrue(m.tick(0).isEmpty());
    assertTrue(m.tick(1_900).isEmpty()); // both windows 195
    assertEquals(1, m.tick(2_000).size()); // both windows 200
  }

  @Test
  void aNewcomerWithANarrowWindowIsNotForcedIntoAWideOne() {
    Matcher m = new Matcher(DUEL);
    m.add(solo("old", 1500, 0)); // waited 6 s: window 400
    m.add(solo("new", 1800, 6_000)); // window 100: 1500 is outside it
    assertTrue(m.tick(6_000).isEmpty());
  }

  @Test
  void theLongestWaitingTicketChoosesFirst() {
    Matcher m = new Matcher(DUEL);
    m.add(solo("young", 1500, 5_000));
    m.add(solo("old", 1520, 0));
    m.add(solo("target", 1510, 4_000));
    List<FormedMatch> formed = m.tick(5_000);
    assertEquals(1, formed.size());
    Set<String> players = new HashSet<>();
    formed.get(0).playerTeams().forEach(players::addAll);
    assertEquals(Set.of("old", "target"), players);
    assertTrue(m.contains("young"));
  }

  @Test
  void partiesStayWholeAndTeamsAreFilledExactlyAndBalanced() {
    Matcher m = new Matcher(SQUADS);
    m.add(party("duo", 1500, 0, "p1", "p2"));
    m.add(solo("s1", 1400, 0));
    m.add(solo("s2", 1450, 0));
    m.add(solo("s3", 1550, 0));
    m.add(solo("s4", 1600, 0));
    m.add(solo("s5", 1500, 0));
    m.add(solo("s6", 1480, 0));
    List<FormedMatch> formed = m.tick(0);
    assertEquals(1, formed.size());
    List<List<String>> teams = formed.get(0).playerTeams();
    assertEquals(2, teams.size());
    teams.forEach(t -> assertEquals(4, t.size()));
    assertTrue(teams.stream().anyMatch(t -> t.containsAll(List.of("p1", "p2"))));
    double[] sums =
        formed.get(0).teams().stream()
            .mapToDouble(t -> t.stream().mapToDouble(x -> x.skill() * x.size()).sum())
            .toArray();
    // 12,080 in all: the best split is 6,040 each (duo 3,000 + 1,480 + 1,560? no: the closest
    // reachable split); any exact search gives a spread of at most the smallest step of 20.
    assertTrue(Math.abs(sums[0] - sums[1]) <= 20, "spread " + Math.abs(sums[0] - sums[1]));
  }

  @Test
  void partiesThatCannotFillTeamsExactlyWaitForOnesThatCan() {
    Matcher m = new Matcher(SQUADS);
    m.add(party("trio1", 1500, 0, "a1", "a2", "a3"));
    m.add(party("trio2", 1500, 1, "b1", "b2", "b3"));
    m.add(party("duo", 1500, 2, "c1", "c2")); // 3+3+2 = 8 but no team of exactly 4
    assertTrue(m.tick(10).isEmpty());
    m.add(solo("d", 1500, 3));
    m.add(solo("e", 1500, 4));
    List<FormedMatch> formed = m.tick(10);
    assertEquals(1, formed.size());
    assertTrue(m.contains("duo"));
  }

  @Test
  void removedAndExpiredTicketsAreGone() {
    Matcher m = new Matcher(DUEL);
    m.add(solo("a", 1500, 0));
    m.add(solo("b", 1500, 100));
    m.add(solo("c", 3000, 200));
    assertEquals("a", m.remove("a").ticketId());
    assertEquals(null, m.remove("a"));
    assertFalse(m.add(solo("b", 1, 1)), "a ticket id is taken once");
    assertEquals(List.of("b"), m.removeEnqueuedBefore(150).stream().map(MatchTicket::ticketId).toList());
    assertEquals(1, m.waitingTickets());
    assertTrue(m.tick(10_000).isEmpty());
  }

  @Test
  void aRequeuedTicketKeepsItsPlace() {
    Matcher m = new Matcher(DUEL);
    m.add(solo("b", 1500, 500));
    m.add(solo("a", 1500, 100)); // requeued with its original time
    StringBuilder order = new StringBuilder();
    m.forEachByAge(t -> order.append(t.ticketId()));
    assertEquals("ab", order.toString());
  }
}
