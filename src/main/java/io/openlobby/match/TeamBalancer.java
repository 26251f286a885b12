package io.openlobby.match;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Splits the tickets of one match into teams of exactly {@code teamSize} players, parties whole,
 * with the smallest spread of team skill (sum of its players' ratings; teams are the same size).
 *
 * <p>A depth-first search over "which team takes this party", largest parties first; an empty team
 * is only tried once per party (teams are interchangeable), and the search stops after a node
 * budget with the best split found, so a mode with large teams cannot stall a tick. Plain Java.
 */
final class TeamBalancer {
  private static final int NODE_BUDGET = 20_000;

  private final int teams;
  private final int teamSize;
  private MatchTicket[] order;
  private int[] assignment;
  private int[] best;
  private double bestSpread;
  private int nodes;

  TeamBalancer(int teams, int teamSize) {
    this.teams = teams;
    this.teamSize = teamSize;
  }

  /** The balanced teams, or null when these parties cannot fill the teams exactly. */
  List<List<MatchTicket>> split(List<MatchTicket> tickets) {
    order = tickets.toArray(new MatchTicket[0]);
    java.util.Arrays.sort(
        order,
        Comparator.comparingInt(MatchTicket::size).reversed()
            .thenComparing(Comparator.comparingDouble(MatchTicket::skill).reversed()));
    assignment = new int[order.length];
    best = null;
    bestSpread = Double.MAX_VALUE;
    nodes = 0;
    search(0, new int[teams], new double[teams]);
    if (best == null) {
      return null;
    }
    List<List<MatchTicket>> result = new ArrayList<>(teams);
    for (int t = 0; t < teams; t++) {
      result.add(new ArrayList<>());
    }
    for (int i = 0; i < order.length; i++) {
      result.get(best[i]).add(order[i]);
    }
    return result;
  }

  private void search(int i, int[] filled, double[] skill) {
    if (++nodes > NODE_BUDGET && (best != null || nodes > 10 * NODE_BUDGET)) {
      return; // good enough, or (a pathological mix of party sizes) give up for this tick
    }
    if (i == order.length) {
      for (int f : filled) {
        if (f != teamSize) {
          return;
        }
      }
      double spread = spread(skill);
      if (spread < bestSpread) {
        bestSpread = spread;
        best = assignment.clone();
      }
      return;
    }
    MatchTicket ticket = order[i];
    boolean triedEmpty = false;
    for (int t = 0; t < teams; t++) {
      if (filled[t] + ticket.size() > teamSize) {
        continue;
      }
      if (filled[t] == 0) {
        if (triedEmpty) {
          continue; // another empty team would give a mirror image of a split already tried
        }
        triedEmpty = true;
      }
      filled[t] += ticket.size();
      skill[t] += ticket.skill() * ticket.size();
      assignment[i] = t;
      search(i + 1, filled, skill);
      filled[t] -= ticket.size();
      skill[t] -= ticket.skill() * ticket.size();
      if (bestSpread == 0) {
        return; // cannot do better than perfectly even
      }
    }
  }

  private static double spread(double[] skill) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double s : skill) {
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    return max - min;
  }
}
