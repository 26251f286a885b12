package io.openlobby.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * dense the queue. Both indexes are plain arrays, sorted lazily: before it is read, an index
 * merges the tickets added since (sorted among themselves) into its previous order and drops the
 * removed ones, O(n + k log k) for k new tickets, so add and remove are O(1). Within a tick, taken
 * tickets are skipped through "next untaken" links with path compression, so the walk outward from
 * an anchor does not step over the same taken tickets again and again. (Measured with {@code
 * bench/matcher}: with a balanced tree per index, tree inserts, lookups and removals were most of
 * the time of a 100k-ticket tick; see docs/benchmarks-matchmaking.md.)
 */
public final class Matcher {

  private static final class Entry {
    final MatchTicket ticket;
    final double skill;
    final long enqueuedAt;
    final long seq;
    double window;
    boolean taken;
    /** Position in the skill order during a tick. */
    int pos;
    /** Left the queue: dropped from the skill order at the next merge. */
    boolean removed;

    Entry(MatchTicket ticket, long seq) {
      this.ticket = ticket;
      this.skill = ticket.skill();
      this.enqueuedAt = ticket.enqueuedAt();
      this.seq = seq;
    }

    double skill() {
      return skill;
    }
  }

  private static final Comparator<Entry> BY_SKILL =
      (a, b) -> {
        int c = Double.compare(a.skill, b.skill);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
      };
  private static final Comparator<Entry> BY_AGE =
      (a, b) -> {
        int c = Long.compare(a.enqueuedAt, b.enqueuedAt);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
      };

  private final MatchRules rules;
  private final TeamBalancer balancer;
  private final int examineLimit;
  /**
   * Entries in one order, merged lazily: {@code sorted} as of the last merge (it may still hold
   * entries removed since), {@code added} the entries added since, in no order.
   */
  private static final class Order {
    private final Comparator<Entry> order;
    private Entry[] sorted = new Entry[0];
    private final List<Entry> added = new ArrayList<>();
    private long mergedAt = -1;

    Order(Comparator<Entry> order) {
      this.order = order;
    }

    void add(Entry e) {
      added.add(e);
    }

    /** Every waiting entry ({@code size} of them) in order; {@code version} counts the changes. */
    Entry[] sorted(int size, long version) {
      if (mergedAt == version) {
        return sorted;
      }
      added.removeIf(e -> e.removed);
      added.sort(order);
      Entry[] merged = new Entry[size];
      int n = 0;
      int a = 0;
      for (Entry e : sorted) {
        if (e.removed) {
          continue;
        }
        while (a < added.size() && order.compare(added.get(a), e) < 0) {
          merged[n++] = added.get(a++);
        }
        merged[n++] = e;
      }
      while (a < added.size()) {
        merged[n++] = added.get(a++);
      }
      added.clear();
      sorted = merged;
      mergedAt = version;
      return merged;
    }
  }

  private final Order skillOrder = new Order(BY_SKILL);
  private final Order ageOrder = new Order(BY_AGE);
  /** Changes (adds, removes) so far: an order merged at this version is up to date. */
  private long version;
  /** The skill order during a tick. */
  private Entry[] bySkill = new Entry[0];
  /** During a tick: for each position of {@link #bySkill}, a link toward the next untaken one. */
  private int[] up = new int[0];
  private int[] down = new int[0];
  /** During a tick: the skill at each position of {@link #bySkill} (no pointer to chase). */
  private double[] skillAt = new double[0];
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
    skillOrder.add(e);
    ageOrder.add(e);
    version++;
    players += ticket.size();
    return true;
  }

  /** Removes a waiting ticket; null when it is not waiting here. */
  public MatchTicket remove(String ticketId) {
    Entry e = byId.remove(ticketId);
    if (e == null) {
      return null;
    }
    e.removed = true;
    version++;
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
    for (Entry e : byAge()) {
      if (!e.removed) {
        action.accept(e.ticket);
      }
    }
  }

  /** Removes and returns the tickets that have waited since before {@code cutoff} (their TTL). */
  public List<MatchTicket> removeEnqueuedBefore(long cutoff) {
    List<MatchTicket> expired = new ArrayList<>();
    for (Entry e : byAge()) {
      if (e.ticket.enqueuedAt() >= cutoff) {
        break;
      }
      expired.add(remove(e.ticket.ticketId()));
    }
    return expired;
  }

  /** Every waiting entry, oldest first. */
  private Entry[] byAge() {
    return ageOrder.sorted(byId.size(), version);
  }

  /** Forms every match it can now; the matched tickets leave the queue. */
  public List<FormedMatch> tick(long now) {
    if (players < rules.playersPerMatch()) {
      return List.of();
    }
    Entry[] byAge = byAge();
    for (Entry e : byAge) {
      e.window = rules.window(now - e.ticket.enqueuedAt());
    }
    mergeSkillOrder();
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
        up[e.pos] = e.pos + 1;
        down[e.pos] = e.pos - 1;
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
    int loPos = untakenDown(anchor.pos - 1);
    int hiPos = untakenUp(anchor.pos + 1);
    // The loop's first step without allocating: the nearest untaken ticket (the lower one on a tie)
    // out of the anchor's window means no match, the common case in a large, sparse queue.
    if (loPos < 0 && hiPos >= skillAt.length) {
      return null;
    }
    double toLo = loPos >= 0 ? skillAt[anchor.pos] - skillAt[loPos] : 0;
    double toHi = hiPos < skillAt.length ? skillAt[hiPos] - skillAt[anchor.pos] : 0;
    boolean lower = hiPos >= skillAt.length || (loPos >= 0 && toLo <= toHi);
    if (Math.abs(lower ? toLo : toHi) > anchor.window) {
      return null;
    }
    List<Entry> pick = new ArrayList<>(need);
    pick.add(anchor);
    int size = anchor.ticket.size();
    double min = anchor.skill();
    double max = anchor.skill();
    Entry lo = loPos >= 0 ? bySkill[loPos] : null;
    Entry hi = hiPos < bySkill.length ? bySkill[hiPos] : null;
    int examined = 0;
    while (size < need && examined++ < examineLimit) {
      Entry c;
      if (lo == null && hi == null) {
        return null;
      } else if (hi == null || (lo != null && anchor.skill() - lo.skill() <= hi.skill() - anchor.skill())) {
        c = lo;
        loPos = untakenDown(loPos - 1);
        lo = loPos >= 0 ? bySkill[loPos] : null;
      } else {
        c = hi;
        hiPos = untakenUp(hiPos + 1);
        hi = hiPos < bySkill.length ? bySkill[hiPos] : null;
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

  /**
   * Brings {@link #bySkill} up to date (the removed entries out, the added ones in, in skill order)
   * and resets the untaken links: every position links to itself (untaken).
   */
  private void mergeSkillOrder() {
    Entry[] merged = skillOrder.sorted(byId.size(), version);
    int n = merged.length;
    bySkill = merged;
    if (up.length != n) {
      up = new int[n];
      down = new int[n];
      skillAt = new double[n];
    }
    for (int i = 0; i < n; i++) {
      merged[i].pos = i;
      up[i] = i;
      down[i] = i;
      skillAt[i] = merged[i].skill;
    }
  }

  /** The first untaken position at or above {@code i} ({@code bySkill.length} when none). */
  private int untakenUp(int i) {
    int root = i;
    while (root < up.length && up[root] != root) {
      root = up[root];
    }
    while (i < up.length && up[i] != i) { // path compression
      int next = up[i];
      up[i] = root;
      i = next;
    }
    return root;
  }

  /** The first untaken position at or below {@code i} (-1 when none). */
  private int untakenDown(int i) {
    int root = i;
    while (root >= 0 && down[root] != root) {
      root = down[root];
    }
    while (i >= 0 && down[i] != i) {
      int next = down[i];
      down[i] = root;
      i = next;
    }
    return root;
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
