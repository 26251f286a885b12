package io.openlobby.loadgen.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.loadgen.client.Requests;
import io.openlobby.loadgen.scenario.LivePlayer;
import io.openlobby.loadgen.spec.MatchmakingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * matchmaking (see {@link MatchmakingParams}): each solo player, and the leader of each party of two
 * (both members are this process's players), posts a ticket over HTTP and waits. Every member answers
 * a {@code proposed} ready-check after a think time, with {@code match.accept} or, for a {@code
 * declineFraction}, {@code match.decline}. On {@code match.found} the leader records ticket ->
 * found ({@code match.found}), plays, has every member leave the room, and queues again; a cancelled
 * or expired ticket, or one not matched within {@code ticketTimeoutMs} (then deleted), is posted again.
 *
 * <p>{@code match.found} also counts the wait for an opponent. In a match of solo tickets whose
 * tickets were all posted by this process (a duel: two), the ticket posted last found its
 * opponents already waiting: its ticket -> found goes into {@code match.found.lastTicket} too, the
 * server's own latency from ticket to match (plus at most one matcher tick).
 */
public final class MatchmakingBehaviour implements Behaviour {
  private final Env env;
  private final MatchmakingParams params;
  private final List<Member> members = new ArrayList<>();
  /** Solo matches by room id: how many of their tickets were found so far, and the last posted. */
  private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

  /** {@code posted} and {@code found}: System.nanoTime() of the latest-posted ticket seen so far. */
  private record Arrival(int tickets, long posted, long found) {}

  public MatchmakingBehaviour(Env env, MatchmakingParams params) {
    this.env = env;
    this.params = params;
  }

  @Override
  public String name() {
    return "matchmaking";
  }

  @Override
  public synchronized void add(LivePlayer p) {
    Member m = new Member(p);
    members.add(m);
    p.onFrame(m::onFrame);
  }

  @Override
  public synchronized int players() {
    return members.size();
  }

  @Override
  public synchronized void start() {
    members.sort((a, b) -> Integer.compare(a.p.index(), b.p.index()));
    int parties = Mix.parties(members.size(), params.partyFraction());
    for (int k = 0; k < parties; k++) {
      Member leader = members.get(2 * k);
      Member partner = members.get(2 * k + 1);
      leader.partner = partner;
      partner.leader = leader;
    }
    env.rec.add("matchmaking.parties", parties);
    for (Member m : members) {
      if (m.leader == null) {
        env.later(Think.millis(params.requeueMs()), m::queue);
      }
    }
  }

  @Override
  public void stop() {}

  private final class Member {
    final LivePlayer p;
    final Requests requests;
    Member partner;
    Member leader;
    volatile String ticketId;
    volatile long postedNanos;
    /** A match.found that came before the ticket's HTTP answer. */
    volatile JsonNode early;

    Member(LivePlayer p) {
      this.p = p;
      this.requests = env.requests(p);
    }

    void queue() {
      ObjectNode body = env.client.json().createObjectNode()
          .put("mode", partner != null ? params.partyMode() : params.mode())
          .put("region", params.region())
          .put("skill", 1500 + ThreadLocalRandom.current().nextInt(-params.skillSpread(), params.skillSpread() + 1));
      if (partner != null) {
        body.putArray("players").add(p.playerId()).add(partner.p.playerId());
      }
      long start = System.nanoTime();
      env.http.postTicket(p.target(), p.token(), body).whenComplete((answer, failure) -> {
        if (failure != null) {
          env.failed(failure);
          env.later(Think.millis(params.requeueMs()), this::queue);
          return;
        }
        long now = System.nanoTime();
        env.rec.record("ticket.post", now - start);
        env.rec.count("matchmaking.tickets");
        String id = answer.path("ticketId").asText();
        postedNanos = start;
        ticketId = id;
        JsonNode e = early;
        early = null;
        if (e != null && id.equals(e.path("ticketId").asText())) {
          found(e);
        } else {
          env.later(params.ticketTimeoutMs(), () -> timeout(id));
        }
      });
    }

    void timeout(String id) {
      if (!id.equals(ticketId)) {
        return;
      }
      ticketId = null;
      env.rec.count("matchmaking.ticketTimeouts");
      env.http.cancelTicket(p.target(), p.token(), id)
          .whenComplete((a, f) -> env.later(Think.millis(params.requeueMs()), this::queue));
    }

    void onFrame(JsonNode frame) {
      if (requests.onFrame(frame)) {
        return;
      }
      String type = frame.path("type").asText();
      if (type.equals("match.status")) {
        status(frame);
      } else if (type.equals("match.found")) {
        found(frame);
      }
    }

    void status(JsonNode frame) {
      String status = frame.path("status").asText();
      String id = frame.path("ticketId").asText();
      env.rec.count("matchmaking.status." + status);
      if (status.equals("proposed")) {
        boolean decline = Think.chance(params.declineFraction());
        String type = decline ? "match.decline" : "match.accept";
        env.later(Think.millis(params.acceptThinkMs()), () -> {
          long start = System.nanoTime();
          ObjectNode msg = env.msg(type).put("ticketId", id);
          if (frame.has("matchId")) {
            msg.put("matchId", frame.path("matchId").asText());
          }
          requests.send(msg).whenComplete((r, f) -> {
            if (f == null) {
              env.rec.record(type, System.nanoTime() - start);
              env.rec.count("matchmaking." + (decline ? "declined" : "accepted"));
            } else {
              env.failed(f);
            }
          });
        });
      } else if ((status.equals("cancelled") || status.equals("expired")) && leader == null
          && id.equals(ticketId)) {
        ticketId = null;
        env.rec.count("matchmaking.reason." + frame.path("reason").asText(status));
        env.later(Think.millis(params.requeueMs()), this::queue);
      }
    }

    void found(JsonNode frame) {
      String id = frame.path("ticketId").asText();
      if (leader != null) {
        return; // the leader drives the party
      }
      if (ticketId == null) {
        early = frame; // before the ticket's HTTP answer, or a repeat
        return;
      }
      if (!id.equals(ticketId)) {
        return;
      }
      ticketId = null;
      long now = System.nanoTime();
      env.rec.record("match.found", now - postedNanos);
      env.rec.count("matchmaking.matches");
      lastTicket(frame, postedNanos, now);
      env.later(Think.millis(params.playMs()), () -> {
        CompletableFuture<?> mine = leave();
        CompletableFuture<?> theirs = partner != null ? partner.leave() : CompletableFuture.completedFuture(null);
        CompletableFuture.allOf(mine, theirs)
            .whenComplete((r, f) -> env.later(Think.millis(params.requeueMs()), this::queue));
      });
    }

    /** Records the latest-posted ticket's ticket -> found once every ticket of a solo match was found. */
    void lastTicket(JsonNode frame, long posted, long found) {
      JsonNode teams = frame.path("teams");
      String room = frame.path("roomId").asText("");
      int players = 0;
      for (JsonNode team : teams) {
        if (team.size() != 1) {
          return; // parties: which tickets belong to the match is not in the frame
        }
        players++;
      }
      if (players < 2 || room.isEmpty()) {
        return;
      }
      Arrival a = arrivals.merge(room, new Arrival(1, posted, found),
          (old, mine) -> old.posted() >= mine.posted()
              ? new Arrival(old.tickets() + 1, old.posted(), old.found())
              : new Arrival(old.tickets() + 1, mine.posted(), mine.found()));
      if (a.tickets() == players && arrivals.remove(room) != null) {
        env.rec.record("match.found.lastTicket", a.found() - a.posted());
      }
    }

    CompletableFuture<JsonNode> leave() {
      long start = System.nanoTime();
      return requests.send(env.msg("room.leave")).whenComplete((r, f) -> {
        if (f == null) {
          env.rec.record("room.leave", System.nanoTime() - start);
        } else {
          env.failed(f);
        }
      });
    }
  }
}
