package io.openlobby.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.testkit.Api;
import io.openlobby.testkit.TestServer;
import io.openlobby.testkit.WsClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Matchmaking end to end: tickets over real HTTP, match.status / match.found / match.accept over
 * real WebSockets, the match's room read back from Cassandra.
 */
class MatchmakingTest {
  @RegisterExtension
  static final TestServer server =
      new TestServer(
          Map.of(
                "lobby.session.heartbeat", "60s",
                "lobby.presence.grace", "1s",
                // a mode whose tickets expire at once, one that widens to every region after 1 s
                "lobby.matchmaking.modes.brief",
                    Map.of("teams", 2, "team-size", 1, "skill-window", 0, "widen-per-second", 0,
                        "max-window", 0, "region-widen-after", "0s", "ready-check", "0s", "ttl", "1s"),
                "lobby.matchmaking.modes.wide",
                    Map.of("teams", 2, "team-size", 1, "skill-window", 50, "widen-per-second", 0,
                        "max-window", 50, "region-widen-after", "1s", "ready-check", "0s", "ttl", "1m")));

  private static final Api api = server.api();

  /** A guest with an open socket. */
  private record Player(Api.Guest guest, WsClient ws) implements AutoCloseable {
    String id() {
      return guest.playerId();
    }

    @Override
    public void close() {
      ws.close();
    }
  }

  private static Player player(String name) throws Exception {
    Api.Guest g = api.guest(name);
    return new Player(g, WsClient.open(api, g.token()));
  }

  private static Api.Reply ticket(Player by, String json) {
    return api.post("/v1/matchmaking/tickets", json, by.guest().token());
  }

  private static String queue(Player p, String mode, int skill) {
    Api.Reply r = ticket(p, "{\"mode\":\"" + mode + "\",\"region\":\"eu\",\"skill\":" + skill + "}");
    assertEquals(201, r.status(), r.raw());
    assertEquals("searching", r.body().get("status").asText());
    return r.body().get("ticketId").asText();
  }

  /**
   * The next match frame of {@code type} (and {@code status}, for match.status), passing over the
   * position updates of a searching ticket.
   */
  private static JsonNode awaitMatch(WsClient ws, String type, String status) throws Exception {
    while (true) {
      JsonNode f = ws.next();
      String t = f.path("type").asText();
      if (t.equals(type) && (status == null || status.equals(f.path("status").asText()))) {
        return f;
      }
      boolean searchingUpdate = t.equals("match.status") && f.path("status").asText().equals("searching");
      if (!searchingUpdate && !t.equals("pong")) {
        throw new AssertionError("expected " + type + " " + status + " but got " + f);
      }
    }
  }

  @Test
  void twoDuelistsAreMatchedIntoARoomInGame() throws Exception {
    try (Player a = player("ann"); Player b = player("bob")) {
      String ta = queue(a, "duel", 1500);
      Api.Reply again = ticket(a, "{\"mode\":\"duel\",\"region\":\"eu\"}");
      assertEquals(409, again.status());
      assertEquals("already_queued", again.body().get("code").asText(), "one live ticket per player");
      String tb = queue(b, "duel", 1540);

      JsonNode fa = awaitMatch(a.ws(), "match.found", null);
      JsonNode fb = awaitMatch(b.ws(), "match.found", null);
      assertEquals(ta, fa.get("ticketId").asText());
      assertEquals(tb, fb.get("ticketId").asText());
      String roomId = fa.get("roomId").asText();
      assertEquals(roomId, fb.get("roomId").asText());
      assertEquals("duel", fa.get("mode").asText());
      Set<String> teams = new HashSet<>();
      fa.get("teams").forEach(t -> teams.add(t.toString()));
      assertEquals(Set.of("[\"" + a.id() + "\"]", "[\"" + b.id() + "\"]"), teams);

      JsonNode read = api.get("/v1/matchmaking/tickets/" + ta, a.guest().token()).body();
      assertEquals("matched", read.get("status").asText());
      assertEquals(roomId, read.get("roomId").asText());
      JsonNode room = api.get("/v1/rooms/" + roomId, a.guest().token()).body();
      assertEquals("in_game", room.get("status").asText());
      assertEquals(2, room.get("players").asInt());
      assertEquals(
          "in_game",
          api.get("/v1/players/" + a.id() + "/presence", b.guest().token()).body().get("status").asText());
      Api.Reply late = api.delete("/v1/matchmaking/tickets/" + ta, a.guest().token());
      assertEquals(409, late.status());
      assertEquals("ticket_matched", late.body().get("code").asText());
      assertEquals(
          409, ticket(a, "{\"mode\":\"duel\"}").status(), "in the match's room: no new ticket");

      Api.Reply metrics = api.get("/metrics", null);
      assertEquals(200, metrics.status());
      java.util.regex.Matcher made =
          java.util.regex.Pattern.compile("(?m)^openlobby_matches_total ([0-9.]+)").matcher(metrics.raw());
      assertTrue(made.find(), metrics.raw());
      assertTrue(Double.parseDouble(made.group(1)) >= 1, "the match is counted");
      java.util.regex.Matcher open =
          java.util.regex.Pattern.compile("(?m)^openlobby_sockets_open ([0-9.]+)").matcher(metrics.raw());
      assertTrue(open.find(), metrics.raw());
      assertTrue(Double.parseDouble(open.group(1)) >= 2, "ann's and bob's sockets are open");
      assertTrue(metrics.raw().contains("jvm_memory_used_bytes"), "JVM meters");
      assertTrue(count(metrics.raw(), "openlobby_ticket_open_seconds_count{step=\"total\"}") >= 2, "both tickets timed");
      assertTrue(count(metrics.raw(), "openlobby_match_room_seconds_count{step=\"total\"}") >= 1, "the room timed");
      assertTrue(
          count(metrics.raw(), "openlobby_http_requests_seconds_count{method=\"POST\",status=\"2xx\"}") >= 2,
          "the ticket POSTs timed");
    }
  }

  /** The value of the Prometheus sample line that starts with {@code series}; fails if there is none. */
  private static double count(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + series + " in\n" + scrape);
  }

  /** The "done when": eight players, one party of two, squads with a ready-check. */
  @Test
  void eightPlayersWithAPartyOfTwoGetOneBalancedSquadsMatch() throws Exception {
    List<Player> players = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        players.add(player("sq" + i));
      }
      Player lead = players.get(0);
      Player mate = players.get(1);
      Map<String, String> ticketOf = new java.util.HashMap<>();
      Api.Reply party =
          ticket(lead, "{\"mode\":\"squads\",\"region\":\"eu\",\"skill\":1500,\"players\":[\""
              + lead.id() + "\",\"" + mate.id() + "\"]}");
      assertEquals(201, party.status(), party.raw());
      ticketOf.put(lead.id(), party.body().get("ticketId").asText());
      ticketOf.put(mate.id(), party.body().get("ticketId").asText());
      int[] skills = {1400, 1450, 1550, 1600, 1480, 1520};
      for (int i = 2; i < 8; i++) {
        ticketOf.put(players.get(i).id(), queue(players.get(i), "squads", skills[i - 2]));
      }
      String matchId = null;
      for (Player p : players) {
        JsonNode proposed = awaitMatch(p.ws(), "match.status", "proposed");
        assertEquals(ticketOf.get(p.id()), proposed.get("ticketId").asText());
        assertTrue(proposed.get("acceptBy").asLong() > System.currentTimeMillis());
        matchId = matchId == null ? proposed.get("matchId").asText() : matchId;
        assertEquals(matchId, proposed.get("matchId").asText(), "one match for all eight");
      }
      for (Player p : players) {
        JsonNode ok =
            p.ws().request("{\"type\":\"match.accept\",\"rid\":\"acc\",\"ticketId\":\"" + ticketOf.get(p.id()) + "\"}");
        assertEquals("ok", ok.get("type").asText(), ok.toString());
      }
      String roomId = null;
      JsonNode teams = null;
      for (Player p : players) {
        JsonNode found = awaitMatch(p.ws(), "match.found", null);
        roomId = roomId == null ? found.get("roomId").asText() : roomId;
        assertEquals(roomId, found.get("roomId").asText());
        teams = found.get("teams");
      }
      assertEquals(2, teams.size());
      Map<String, Integer> skillOf = new java.util.HashMap<>();
      skillOf.put(lead.id(), 1500);
      skillOf.put(mate.id(), 1500);
      for (int i = 2; i < 8; i++) {
        skillOf.put(players.get(i).id(), skills[i - 2]);
      }
      int[] sums = new int[2];
      for (int t = 0; t < 2; t++) {
        List<String> team = new ArrayList<>();
        teams.get(t).forEach(id -> team.add(id.asText()));
        assertEquals(4, team.size());
        for (String id : team) {
          sums[t] += skillOf.get(id);
        }
        if (team.contains(lead.id()) || team.contains(mate.id())) {
          assertTrue(team.containsAll(List.of(lead.id(), mate.id())), "the party on one team: " + team);
        }
      }
      // 12,000 in all: a perfect split (6,000 each) exists, so the balancer finds it.
      assertEquals(sums[0], sums[1], "balanced teams");

      JsonNode history = api.get("/v1/rooms/" + roomId + "/events", lead.guest().token()).body();
      JsonNode created = history.get("events").get(0);
      assertEquals("match_created", created.get("event").asText());
      assertEquals(matchId, created.get("matchId").asText());
      assertEquals(2, created.get("teams").size());
      JsonNode room = api.get("/v1/rooms/" + roomId, mate.guest().token()).body();
      assertEquals("in_game", room.get("status").asText());
      assertEquals(2, room.get("teams").size());
    } finally {
      players.forEach(Player::close);
    }
  }

  @Test
  void aDeclineDropsOnlyTheDeclinerAndTheOthersKeepTheirPlace() throws Exception {
    List<Player> players = new ArrayList<>();
    try {
      List<String> tickets = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        players.add(player("dc" + i));
        tickets.add(queue(players.get(i), "squads", 2500 + i));
      }
      for (Player p : players) {
        awaitMatch(p.ws(), "match.status", "proposed");
      }
      Player decliner = players.get(3);
      JsonNode ok =
          decliner.ws().request("{\"type\":\"match.decline\",\"ticketId\":\"" + tickets.get(3) + "\"}");
      assertEquals("ok", ok.get("type").asText(), ok.toString());
      JsonNode gone = awaitMatch(decliner.ws(), "match.status", "cancelled");
      assertEquals("declined", gone.get("reason").asText());
      for (int i = 0; i < 8; i++) {
        if (i != 3) {
          JsonNode again = awaitMatch(players.get(i).ws(), "match.status", "searching");
          assertEquals(tickets.get(i), again.get("ticketId").asText());
        }
      }
      Player late = player("dc-late");
      players.add(late);
      Api.Reply lateReply = ticket(late, "{\"mode\":\"squads\",\"region\":\"eu\",\"skill\":2503}");
      assertEquals(201, lateReply.status(), lateReply.raw());
      String lateTicket = lateReply.body().get("ticketId").asText();
      assertEquals(8, lateReply.body().get("position").asInt(), "the requeued seven are still ahead");
      JsonNode decl = api.get("/v1/matchmaking/tickets/" + tickets.get(3), decliner.guest().token()).body();
      assertEquals("cancelled", decl.get("status").asText());
      assertEquals("declined", decl.get("reason").asText());
      for (int i = 0; i < 9; i++) {
        if (i == 3) {
          continue;
        }
        Player p = players.get(i);
        String t = i == 8 ? lateTicket : tickets.get(i);
        awaitMatch(p.ws(), "match.status", "proposed");
        assertEquals("ok", p.ws().request("{\"type\":\"match.accept\",\"ticketId\":\"" + t + "\"}").get("type").asText());
      }
      String roomId = null;
      for (int i = 0; i < 9; i++) {
        if (i != 3) {
          JsonNode found = awaitMatch(players.get(i).ws(), "match.found", null);
          roomId = roomId == null ? found.get("roomId").asText() : roomId;
          assertEquals(roomId, found.get("roomId").asText());
        }
      }
    } finally {
      players.forEach(Player::close);
    }
  }

  /** A cancel racing a match has exactly one winner, and both players agree on it. */
  @Test
  void aCancelRacingAMatchHasOneWinner() throws Exception {
    int cancelsWon = 0;
    int matchesWon = 0;
    for (int round = 0; round < 8; round++) {
      try (Player a = player("race-a" + round); Player b = player("race-b" + round)) {
        String ta = queue(a, "duel", 4000 + round * 1000);
        CompletableFuture<Api.Reply> cancel =
            CompletableFuture.supplyAsync(() -> api.delete("/v1/matchmaking/tickets/" + ta, a.guest().token()));
        String tb = queue(b, "duel", 4000 + round * 1000);
        Api.Reply c = cancel.join();
        if (c.status() == 200) {
          cancelsWon++;
          assertEquals("cancelled", c.body().get("status").asText());
          awaitMatch(a.ws(), "match.status", "cancelled");
          JsonNode bt = api.get("/v1/matchmaking/tickets/" + tb, b.guest().token()).body();
          assertEquals("searching", bt.get("status").asText(), "b was not matched with a cancelled ticket");
          assertEquals(200, api.delete("/v1/matchmaking/tickets/" + tb, b.guest().token()).status());
        } else {
          matchesWon++;
          assertEquals(409, c.status(), c.raw());
          assertEquals("ticket_matched", c.body().get("code").asText());
          String room = awaitMatch(a.ws(), "match.found", null).get("roomId").asText();
          assertEquals(room, awaitMatch(b.ws(), "match.found", null).get("roomId").asText());
          a.ws().request("{\"type\":\"room.leave\"}");
          b.ws().request("{\"type\":\"room.leave\"}");
        }
      }
    }
    assertEquals(8, cancelsWon + matchesWon);
  }

  @Test
  void aPartyMemberGoneForGoodEndsTheTicket() throws Exception {
    try (Player lead = player("lead"); Player mate = player("mate")) {
      Api.Reply r =
          ticket(lead, "{\"mode\":\"squads\",\"region\":\"eu\",\"skill\":9000,\"players\":[\""
              + lead.id() + "\",\"" + mate.id() + "\"]}");
      assertEquals(201, r.status(), r.raw());
      String ticketId = r.body().get("ticketId").asText();
      mate.ws().close(); // grace is 1 s here
      JsonNode ended = awaitMatch(lead.ws(), "match.status", "cancelled");
      assertEquals(ticketId, ended.get("ticketId").asText());
      assertEquals("member_left", ended.get("reason").asText());
      JsonNode read = api.get("/v1/matchmaking/tickets/" + ticketId, lead.guest().token()).body();
      assertEquals("cancelled", read.get("status").asText());
      assertEquals(201, ticket(lead, "{\"mode\":\"duel\",\"skill\":9000}").status(), "free to queue again");
    }
  }

  @Test
  void anUnmatchedTicketExpiresAtItsTtl() throws Exception {
    try (Player p = player("lonely")) {
      String t = queue(p, "brief", 1500);
      JsonNode expired = awaitMatch(p.ws(), "match.status", "expired");
      assertEquals(t, expired.get("ticketId").asText());
      assertEquals("expired", expired.get("reason").asText());
    }
  }

  @Test
  void afterRegionWideningTicketsOfTwoRegionsMeet() throws Exception {
    try (Player eu = player("eu"); Player us = player("us")) {
      Api.Reply a = ticket(eu, "{\"mode\":\"wide\",\"region\":\"eu\",\"skill\":1500}");
      Api.Reply b = ticket(us, "{\"mode\":\"wide\",\"region\":\"us\",\"skill\":1500}");
      assertEquals(201, a.status());
      assertEquals(201, b.status());
      String room = awaitMatch(eu.ws(), "match.found", null).get("roomId").asText();
      assertEquals(room, awaitMatch(us.ws(), "match.found", null).get("roomId").asText());
      JsonNode read = api.get("/v1/matchmaking/tickets/" + a.body().get("ticketId").asText(), eu.guest().token()).body();
      assertEquals("matched", read.get("status").asText(), "the home queue forwards to the any-region queue");
    }
  }

  @Test
  void badTicketsGetTypedErrors() throws Exception {
    try (Player p = player("picky"); Player q = player("other")) {
      Api.Guest offline = api.guest("offline");
      assertCode(ticket(p, "{\"mode\":\"chess\"}"), 400, "unknown_mode");
      assertCode(ticket(p, "{\"region\":\"eu\"}"), 400, "bad_request");
      assertCode(ticket(p, "{\"mode\":\"duel\",\"skill\":-5}"), 400, "bad_request");
      assertCode(ticket(p, "{\"mode\":\"duel\",\"region\":\"Not A Region\"}"), 400, "bad_request");
      assertCode(ticket(p, "{\"mode\":\"duel\",\"players\":[\"" + p.id() + "\",\"" + q.id() + "\"]}"), 400, "party_too_large");
      assertCode(ticket(p, "{\"mode\":\"squads\",\"players\":[\"" + q.id() + "\"]}"), 403, "forbidden");
      assertCode(
          ticket(p, "{\"mode\":\"squads\",\"players\":[\"" + p.id() + "\",\"" + offline.playerId() + "\"]}"),
          409, "not_connected");
      assertCode(api.get("/v1/matchmaking/tickets/nonsense", p.guest().token()), 404, "ticket_not_found");
      assertCode(api.delete("/v1/matchmaking/tickets/t.duel.eu.aaaaaaaaaaaa", p.guest().token()), 404, "ticket_not_found");
      assertCode(api.post("/v1/matchmaking/tickets", "{\"mode\":\"duel\"}", null), 401, "unauthorized");
      JsonNode err = p.ws().request("{\"type\":\"match.accept\",\"ticketId\":\"t.duel.eu.aaaaaaaaaaaa\"}");
      assertEquals("ticket_not_found", err.get("code").asText());

      // A game backend queues a party for its players with a service token, reads and cancels it.
      String service = Api.serviceToken();
      Api.Reply made =
          api.post("/v1/matchmaking/tickets",
              "{\"mode\":\"squads\",\"skill\":7777,\"players\":[\"" + p.id() + "\",\"" + q.id() + "\"]}", service);
      assertEquals(201, made.status(), made.raw());
      String t = made.body().get("ticketId").asText();
      assertCode(api.get("/v1/matchmaking/tickets/" + t, offline.token()), 403, "forbidden");
      JsonNode notProposed = q.ws().request("{\"type\":\"match.accept\",\"ticketId\":\"" + t + "\"}");
      assertEquals("not_proposed", notProposed.get("code").asText());
      assertEquals(200, api.get("/v1/matchmaking/tickets/" + t, service).status());
      Api.Reply cancelled = api.delete("/v1/matchmaking/tickets/" + t, service);
      assertEquals(200, cancelled.status());
      assertEquals("cancelled", cancelled.body().get("reason").asText());
      JsonNode heard = awaitMatch(q.ws(), "match.status", "cancelled");
      assertNotNull(heard);
      assertFalse(heard.has("position"));
    }
  }

  private static void assertCode(Api.Reply r, int status, String code) {
    assertEquals(status, r.status(), r.raw());
    assertEquals(code, r.body().get("code").asText(), r.raw());
  }
}
