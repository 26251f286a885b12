package io.openlobby.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Matchmaking of {@link FakeLobbyServer} after /work/spec/matchmaking-wire.md, shrunk: {@code duel}
 * is 2 teams of 1 without a ready-check; {@code squads} is 2 teams of 2 with one (every player of
 * the match must accept; a decline cancels the decliner's ticket with reason {@code declined} and
 * puts the others back to {@code searching}). First come, first matched; skill is ignored.
 */
final class FakeMatchmaker {
  final AtomicInteger tickets = new AtomicInteger();
  final AtomicInteger partyTickets = new AtomicInteger();
  final AtomicInteger matches = new AtomicInteger();
  final AtomicInteger accepts = new AtomicInteger();
  final AtomicInteger declines = new AtomicInteger();
  private final FakeRooms rooms;
  private final BiConsumer<String, Map<String, Object>> push;
  private final Set<String> connected;
  private final Map<String, List<Ticket>> queues = new HashMap<>();
  private final Map<String, Ticket> byId = new LinkedHashMap<>();
  private final Map<String, Ticket> live = new HashMap<>();
  private final Map<String, Match> proposals = new HashMap<>();
  private int next;

  private static final class Ticket {
    final String id;
    final String mode;
    final List<String> players;
    String status = "searching";

    Ticket(String id, String mode, List<String> players) {
      this.id = id;
      this.mode = mode;
      this.players = players;
    }
  }

  private record Match(String id, List<Ticket> tickets, Set<String> waiting) {}

  FakeMatchmaker(FakeRooms rooms, Set<String> connected, BiConsumer<String, Map<String, Object>> push) {
    this.rooms = rooms;
    this.connected = connected;
    this.push = push;
  }

  /** POST /v1/matchmaking/tickets by {@code caller}: [status, body]. */
  Object[] post(String caller, JsonNode body) {
    String mode = body.path("mode").asText();
    int team = mode.equals("duel") ? 1 : mode.equals("squads") ? 2 : 0;
    if (team == 0) {
      return new Object[] {400, Map.of("code", "unknown_mode", "message", mode)};
    }
    List<String> players = new ArrayList<>();
    body.path("players").forEach(p -> players.add(p.asText()));
    if (players.isEmpty()) {
      players.add(caller);
    }
    if (players.size() > team) {
      return new Object[] {400, Map.of("code", "party_too_large", "message", "")};
    }
    for (String p : players) {
      String code = !connected.contains(p) ? "not_connected" : live.containsKey(p) ? "already_queued"
          : rooms.inRoom(p) ? "already_in_room" : null;
      if (code != null) {
        return new Object[] {409, Map.of("code", code, "message", p)};
      }
    }
    Ticket t = new Ticket("t-" + (++next), mode, players);
    tickets.incrementAndGet();
    if (players.size() > 1) {
      partyTickets.incrementAndGet();
    }
    byId.put(t.id, t);
    players.forEach(p -> live.put(p, t));
    queues.computeIfAbsent(mode, k -> new ArrayList<>()).add(t);
    return new Object[] {201, Map.of("ticketId", t.id, "status", "searching", "mode", mode, "players", players)};
  }

  /** DELETE /v1/matchmaking/tickets/{id}: [status, body]. */
  Object[] cancel(String id) {
    Ticket t = byId.get(id);
    if (t == null) {
      return new Object[] {404, Map.of("code", "not_found", "message", id)};
    }
    if (t.status.equals("matched")) {
      return new Object[] {409, Map.of("code", "ticket_matched", "message", id)};
    }
    end(t, "cancelled");
    return new Object[] {200, Map.of("ticketId", id, "status", "cancelled")};
  }

  /** match.accept / match.decline from {@code player}: the reply. */
  Map<String, Object> answer(String player, String type, JsonNode f) {
    Ticket t = byId.get(f.path("ticketId").asText());
    Match m = t == null ? null : proposals.get(t.id);
    if (m == null || !t.players.contains(player)) {
      return FakeRooms.error("not_found");
    }
    if (type.equals("match.accept")) {
      accepts.incrementAndGet();
      m.waiting().remove(player);
      if (m.waiting().isEmpty()) {
        found(m);
      }
    } else {
      declines.incrementAndGet();
      m.tickets().forEach(x -> proposals.remove(x.id));
      for (Ticket x : m.tickets()) {
        if (x == t) {
          end(x, "declined");
        } else {
          x.status = "searching";
          queues.get(x.mode).add(0, x);
          x.players.forEach(p -> push.accept(p, Map.of("type", "match.status", "ticketId", x.id, "status", "searching",
              "position", 1)));
        }
      }
    }
    return Map.of("type", "ok");
  }

  /** Makes every match the queues allow (called after each change). */
  void match() {
    for (List<Ticket> q : queues.values()) {
      while (true) {
        if (q.isEmpty()) {
          break;
        }
        int team = q.get(0).mode.equals("duel") ? 1 : 2;
        List<Ticket> a = new ArrayList<>();
        List<Ticket> b = new ArrayList<>();
        int[] fill = new int[2];
        for (Ticket t : q) {
          int size = t.players.size();
          if (fill[0] + size <= team) {
            a.add(t);
            fill[0] += size;
          } else if (fill[1] + size <= team) {
            b.add(t);
            fill[1] += size;
          }
        }
        if (fill[0] < team || fill[1] < team) {
          break;
        }
        List<Ticket> all = new ArrayList<>(a);
        all.addAll(b);
        q.removeAll(all);
        Set<String> players = new HashSet<>();
        all.forEach(t -> players.addAll(t.players));
        Match m = new Match("m-" + (++next), all, players);
        if (team == 1) {
          found(m);
        } else {
          for (Ticket t : all) {
            t.status = "proposed";
            proposals.put(t.id, m);
            t.players.forEach(p -> push.accept(p, Map.of("type", "match.status", "ticketId", t.id, "status",
                "proposed", "matchId", m.id(), "acceptBy", System.currentTimeMillis() + 10_000)));
          }
        }
      }
    }
  }

  private void found(Match m) {
    matches.incrementAndGet();
    List<String> players = new ArrayList<>();
    List<List<String>> teams = new ArrayList<>();
    for (Ticket t : m.tickets()) {
      proposals.remove(t.id);
      t.status = "matched";
      t.players.forEach(live::remove);
      players.addAll(t.players);
      teams.add(t.players);
    }
    String roomId = rooms.matchRoom(m.tickets().get(0).mode, players);
    for (Ticket t : m.tickets()) {
      t.players.forEach(p -> push.accept(p, Map.of("type", "match.found", "ticketId", t.id, "roomId", roomId,
          "mode", t.mode, "teams", teams)));
    }
  }

  private void end(Ticket t, String reason) {
    t.status = "cancelled";
    queues.getOrDefault(t.mode, new ArrayList<>()).remove(t);
    t.players.forEach(live::remove);
    t.players.forEach(p -> push.accept(p, Map.of("type", "match.status", "ticketId", t.id, "status", "cancelled",
        "reason", reason)));
  }
}
