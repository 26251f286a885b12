package io.openlobby.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The matchmaking algorithm of one queue: plain Java, no actor, no clock of its own (every call
 * takes {@code now}), so it is unit-tested and benchmarked on its own.
 *
 * <p>Waiting tickets are indexed twice: by skill and by age. Each {@link #tick} walks the tickets
 * oldest first; each one not yet taken anchors a match and takes the nearest-skill tickets around
 * it (within its window), closest first, as long as every ticket of the match has every other one
 * inside its own current window, until the teams can be filled exactly with parties kept whole.
 * The {@link TeamBalancer} then splits them into teams with the least skill spread. So the
 * longest-waiting ticket always chooses first, and windows widen with waiting time until it finds
 * a match.
 *
 * <p>A tick costs O(n log n) plus at most {@link #examineLimit} candidates per anchor, however
 * dense the queue.
 */
public final class Matcher {

  private static final class Entry {
    final MatchTicket ticket;
    final long seq;
    double window;
    boolean taken;

    Entry(MatchTicket ticket, long seq) {
      this.ticket = ticket;
      this.seq = seq;
    }

    double skill() {
      return ticket.skill();
    }
  }

  private static final Comparator<Entry> BY_SKILL =
      Comparator.comparingDouble(Entry::skill).thenComparingLong(e -> e.seq);
  private static final Comparator<Entry> BY_AGE =
      Comparator.comparingLong((Entry e) -> e.ticket.enqueuedAt()).thenComparingLong(e -> e.seq);

  private final MatchRules rules;
  private final TeamBalancer balancer;
  private final int examineLimit;
  private final TreeSet<Entry> bySkill = new TreeSet<>(BY_SKILL);
  private final TreeSet<Entry> byAge = new TreeSet<>(BY_AGE);
  private final Map<String, Entry> byId = new HashMap<>();
  private long seq;
  private int players;
  private List<List<MatchTicket>> lastSplit; // the split that splittable() found for the last pick

  public Matcher(MatchRules rules) {
    this.rules = rules;
    this.balancer = new TeamBalancer(rules.teams(), rules.teamSize());
    this.examineLimit = Math.max(32, 8 * rules.playersPerMatch());
  }

  public MatchRules rules() {
    return rules;
  }

  /** Adds a ticket (a requeued one keeps its enqueue time, so its place). False if already in. */
  public boolean add(MatchTicket ticket) {
    if (ticket.size() > rules.teamSize()) {
      throw new IllegalArgumentException("a party larger than a team can never be matched");
    }
    if (byId.containsKey(ticket.ticketId())) {
      return false;
    }
    Entry e = new Entry(ticket, seq++);
    byId.put(ticket.ticketId(), e);
    bySkill.add(e);
    byAge.add(e);
    players += ticket.size();
    return true;
  }

  /** Removes a waiting ticket; null when it is not waiting here. */
  public MatchTicket remove(String ticketId) {
    Entry e = byId.remove(ticketId);
    if (e == null) {
      return null;
    }
    bySkill.remove(e);
    byAge.remove(e);
    players -= e.ticket.size();
    return e.ticket;
  }

  public boolean contains(String ticketId) {
    return byId.containsKey(ticketId);
  }

  public int waitingTickets() {
    return byId.size();
  }

  public int waitingPlayers() {
    return players;
  }

  /** The waiting tickets, oldest first. */
  public void forEachByAge(Consumer<MatchTicket> action) {
    for (Entry e : byAge) {
      action.accept(e.ticket);
    }
  }

  /** Removes and returns the tickets that have waited since before {@code cutoff} (their TTL). */
  public List<MatchTicket> removeEnqueuedBefore(long cutoff) {
    List<MatchTicket> expired = new ArrayList<>();
    while (!byAge.isEmpty() && byAge.first().ticket.enqueuedAt() < cutoff) {
      expired.add(remove(byAge.first().ticket.ticketId()));
    }
    return expired;
  }

  /** Forms every match it can now; the matched tickets leave the queue. */
  public List<FormedMatch> tick(long now) {
    if (players < rules.playersPerMatch()) {
      return List.of();
    }
    for (Entry e : byAge) {
      e.window = rules.window(now - e.ticket.enqueuedAt());
    }
    List<FormedMatch> formed = new ArrayList<>();
    List<Entry> taken = new ArrayList<>();
    for (Entry anchor : byAge) {
      if (anchor.taken) {
        continue;
      }
      List<Entry> pick = gather(anchor);
      if (pick == null) {
        continue;
      }
      List<MatchTicket> tickets = new ArrayList<>(pick.size());
      for (Entry e : pick) {
        e.taken = true;
        taken.add(e);
        tickets.add(e.ticket);
      }
      formed.add(new FormedMatch(lastSplit != null ? lastSplit : balancer.split(tickets)));
    }
    for (Entry e : taken) {
      remove(e.ticket.ticketId());
    }
    return formed;
  }

  /** The tickets of a match anchored at {@code anchor}, or null when none can be formed now. */
  private List<Entry> gather(Entry anchor) {
    int need = rules.playersPerMatch();
    lastSplit = null;
    List<Entry> pick = new ArrayList<>(need);
    pick.add(anchor);
    int size = anchor.ticket.size();
    double min = anchor.skill();
    double max = anchor.skill();
    Iterator<Entry> lower = bySkill.headSet(anchor, false).descendingIterator();
    Iterator<Entry> higher = bySkill.tailSet(anchor, false).iterator();
    Entry lo = next(lower);
    Entry hi = next(higher);
    int examined = 0;
    while (size < need && examined++ < examineLimit) {
      Entry c;
      if (lo == null && hi == null) {
        return null;
      } else if (hi == null || (lo != null && anchor.skill() - lo.skill() <= hi.skill() - anchor.skill())) {
        c = lo;
        lo = next(lower);
      } else {
        c = hi;
        hi = next(higher);
      }
      if (Math.abs(c.skill() - anchor.skill()) > anchor.window) {
        return null; // every other candidate is farther still
      }
      int grown = size + c.ticket.size();
      if (grown > need) {
        continue;
      }
      double newMin = Math.min(min, c.skill());
      double newMax = Math.max(max, c.skill());
      if (!fits(c, newMin, newMax) || !allFit(pick, newMin, newMax)) {
        continue;
      }
      pick.add(c);
      if (grown == need && !splittable(pick)) {
        pick.remove(pick.size() - 1); // these parties cannot fill the teams exactly: skip this one
        continue;
      }
      size = grown;
      min = newMin;
      max = newMax;
    }
    return size == need ? pick : null;
  }

  private Entry next(Iterator<Entry> it) {
    while (it.hasNext()) {
      Entry e = it.next();
      if (!e.taken) {
        return e;
      }
    }
    return null;
  }

  /** Every ticket has every other one within its own current window. */
  private static boolean fits(Entry e, double min, double max) {
    return max - e.skill() <= e.window && e.skill() - min <= e.window;
  }

  private static boolean allFit(List<Entry> pick, double min, double max) {
    for (Entry e : pick) {
      if (!fits(e, min, max)) {
        return false;
      }
    }
    return true;
  }

  private boolean splittable(List<Entry> pick) {
    if (rules.teamSize() == 1) {
      return true;
    }
    List<MatchTicket> tickets = new ArrayList<>(pick.size());
    for (Entry e : pick) {
      tickets.add(e.ticket);
    }
    lastSplit = balancer.split(tickets);
    return lastSplit != null;
  }
}
