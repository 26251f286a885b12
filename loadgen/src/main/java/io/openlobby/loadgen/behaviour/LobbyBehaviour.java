package io.openlobby.loadgen.behaviour;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.loadgen.client.Requests;
import io.openlobby.loadgen.scenario.LivePlayer;
import io.openlobby.loadgen.spec.LobbyParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * lobby (see {@link LobbyParams}): every player subscribes to the lobby of the mode. Hosts (the first
 * {@code hostFraction} of this process's lobby players) create a room (attribute {@code loadgen=1}, which
 * the listings and the subscription filter on), chat in it every {@code
 * chatIntervalMs} for {@code roomLifetimeMs}, leave it, think and start again. The others browse the
 * listing (following {@code nextCursor}), join a room found there, chat, leave after {@code visitMs},
 * think and browse again. Each acknowledged create, join and leave is a room change timed to its
 * {@code lobby.update} at every subscriber ({@link FanOut}). Records {@code room.create}, {@code
 * room.join}, {@code room.chat} (its {@code ok} follows the Cassandra write), {@code room.leave},
 * {@code lobby.subscribe} and {@code lobby.browse} (one page) reply times.
 */
public final class LobbyBehaviour implements Behaviour {
  /** Every room the generator makes carries this attribute; listings and subscriptions filter on it. */
  static final Map<String, String> TAG = Map.of("loadgen", "1");
  private final Env env;
  private final LobbyParams params;
  private final FanOut fanOut;
  private final List<Member> members = new ArrayList<>();
  private final AtomicInteger subscribed = new AtomicInteger();

  public LobbyBehaviour(Env env, LobbyParams params) {
    this.env = env;
    this.params = params;
    this.fanOut = new FanOut(env.rec);
  }

  @Override
  public String name() {
    return "lobby";
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
    int hosts = (int) Math.round(params.hostFraction() * members.size());
    for (int k = 0; k < members.size(); k++) {
      Member m = members.get(k);
      m.host = k < hosts;
      long spread = params.subscribeSpreadMs();
      if (spread == 0) {
        m.subscribe();
      } else {
        env.later(ThreadLocalRandom.current().nextLong(spread), m::subscribe);
      }
    }
  }

  @Override
  public void tick() {
    fanOut.purge(System.nanoTime());
  }

  @Override
  public void stop() {
    fanOut.finishAll();
  }

  private final class Member {
    final LivePlayer p;
    final Requests requests;
    final Map<String, Long> seen = new ConcurrentHashMap<>();
    boolean host;
    int rooms;

    Member(LivePlayer p) {
      this.p = p;
      this.requests = env.requests(p);
    }

    void onFrame(JsonNode frame) {
      if (requests.onFrame(frame)) {
        return;
      }
      String type = frame.path("type").asText();
      if (type.equals("lobby.update") || type.equals("lobby.snapshot")) {
        long now = System.nanoTime();
        env.rec.count("lobby." + (type.equals("lobby.update") ? "updates" : "resyncSnapshots"));
        for (JsonNode r : frame.path(type.equals("lobby.update") ? "upserts" : "rooms")) {
          fanOut.delivered(seen, r.path("roomId").asText(), now);
        }
        for (JsonNode id : frame.path("removed")) {
          fanOut.delivered(seen, id.asText(), now);
        }
      } else if (type.equals("room.event")) {
        env.rec.count("lobby.roomEventsReceived");
      }
    }

    /** Sends a request and records its reply time under {@code name}; failures are counted. */
    CompletableFuture<JsonNode> ask(String name, ObjectNode msg) {
      long start = System.nanoTime();
      return requests.send(msg).whenComplete((reply, failure) -> {
        if (failure == null) {
          env.rec.record(name, System.nanoTime() - start);
          env.rec.count("lobby.acks." + name);
        } else {
          env.failed(failure);
        }
      });
    }

    void subscribe() {
      ObjectNode msg = env.msg("lobby.subscribe").put("mode", params.mode());
      ObjectNode filter = msg.putObject("filter").put("open", true);
      TAG.forEach(filter.putObject("attributes")::put);
      ask("lobby.subscribe", msg).whenComplete((reply, failure) -> {
        if (failure == null) {
          subscribed.incrementAndGet();
        }
        env.later(Think.millis(params.thinkMs()), host ? this::create : this::browse);
      });
    }

    // ---- hosts ----

    void create() {
      ObjectNode msg = env.msg("room.create").put("mode", params.mode())
          .put("name", "lg-" + p.index() + "-" + (++rooms)).put("maxPlayers", params.maxPlayers());
      TAG.forEach(msg.putObject("attributes")::put);
      long sent = System.nanoTime();
      ask("room.create", msg).whenComplete((reply, failure) -> {
        if (failure != null) {
          leaveThen(null, this::create);
          return;
        }
        String roomId = reply.path("room").path("roomId").asText();
        fanOut.changed(roomId, sent, System.nanoTime(), subscribed.get());
        long end = System.nanoTime() + Think.millis(params.roomLifetimeMs()) * 1_000_000L;
        chatUntil(roomId, end, () -> leaveThen(roomId, this::create));
      });
    }

    // ---- browsers ----

    void browse() {
      browsePage(null, 1, new ArrayList<>());
    }

    void browsePage(String cursor, int page, List<String> open) {
      long start = System.nanoTime();
      env.http.listRooms(p.target(), p.token(), params.mode(), TAG, params.pageSize(), cursor)
          .whenComplete((answer, failure) -> {
            if (failure != null) {
              env.failed(failure);
              env.later(Think.millis(params.thinkMs()), this::browse);
              return;
            }
            env.rec.record("lobby.browse", System.nanoTime() - start);
            env.rec.count("lobby.browsePages");
            for (JsonNode r : answer.path("rooms")) {
              if (r.path("players").asInt() < r.path("maxPlayers").asInt() && "open".equals(r.path("status").asText())) {
                open.add(r.path("roomId").asText());
              }
            }
            String next = answer.path("nextCursor").asText(null);
            if (next != null && page < params.browsePages() && env.running()) {
              browsePage(next, page + 1, open);
            } else if (open.isEmpty()) {
              env.rec.count("lobby.browsesWithoutRoom");
              env.later(Think.millis(params.thinkMs()), this::browse);
            } else {
              join(open.get(ThreadLocalRandom.current().nextInt(open.size())));
            }
          });
    }

    void join(String roomId) {
      if (!env.running()) {
        return;
      }
      long sent = System.nanoTime();
      ask("room.join", env.msg("room.join").put("roomId", roomId)).whenComplete((reply, failure) -> {
        if (failure != null) {
          env.later(Think.millis(params.thinkMs()), this::browse);
          return;
        }
        fanOut.changed(roomId, sent, System.nanoTime(), subscribed.get());
        long end = System.nanoTime() + Think.millis(params.visitMs()) * 1_000_000L;
        chatUntil(roomId, end, () -> leaveThen(roomId, this::browse));
      });
    }

    // ---- both ----

    void chatUntil(String roomId, long endNanos, Runnable then) {
      long left = (endNanos - System.nanoTime()) / 1_000_000L;
      long next = Think.millis(params.chatIntervalMs());
      if (next >= left) {
        env.later(left, then);
        return;
      }
      env.later(next, () -> ask("room.chat", env.msg("room.chat").put("text", "hi from " + p.index()))
          .whenComplete((r, f) -> chatUntil(roomId, endNanos, then)));
    }

    void leaveThen(String roomId, Runnable next) {
      if (!env.running()) {
        return;
      }
      long sent = System.nanoTime();
      ask("room.leave", env.msg("room.leave")).whenComplete((reply, failure) -> {
        if (failure == null && roomId != null) {
          fanOut.changed(roomId, sent, System.nanoTime(), subscribed.get());
        }
        env.later(Think.millis(params.thinkMs()), next);
      });
    }
  }
}
