package io.openlobby.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.WirePresence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The players one session watches, the presence.watch requests still collecting their answers, and
 * the cursor of the heartbeat refresh. Allocated on the first watch: an idle session has none.
 */
final class WatchList {
  /** One presence.watch request, answered once every player in it has answered. */
  private static final class Pending {
    final JsonNode rid;
    final Set<String> waiting;
    final List<WirePresence> players = new ArrayList<>();
    final List<ServerFrame.Refused> refused = new ArrayList<>();

    Pending(JsonNode rid, List<String> ids) {
      this.rid = rid;
      this.waiting = new java.util.HashSet<>(ids);
    }
  }

  private final Set<String> watched = new LinkedHashSet<>();
  private final Map<Long, Pending> pending = new HashMap<>(2);
  private long nextRequest;
  private List<String> refreshOrder = List.of();
  private int refreshCursor;

  boolean contains(String playerId) {
    return watched.contains(playerId);
  }

  int size() {
    return watched.size();
  }

  /** How many of {@code ids} are not watched yet. */
  long countNew(List<String> ids) {
    return ids.stream().filter(id -> !watched.contains(id)).count();
  }

  /** A new request for {@code ids}; its number is never 0 (0 marks a refresh). */
  long begin(JsonNode rid, List<String> ids) {
    long id = ++nextRequest;
    pending.put(id, new Pending(rid, ids));
    return id;
  }

  /** Records one answer; returns the snapshot frame when it was the last one. */
  ServerFrame.PresenceSnapshot answered(
      long request, String playerId, WirePresence presence, String refusedCode) {
    Pending p = pending.get(request);
    if (p == null || !p.waiting.remove(playerId)) {
      return null; // late, or a duplicate
    }
    if (presence != null) {
      watched.add(playerId);
      p.players.add(presence);
    } else {
      p.refused.add(new ServerFrame.Refused(playerId, refusedCode));
    }
    return p.waiting.isEmpty() ? finish(request, p) : null;
  }

  /** The request's time is up: whoever has not answered is refused with {@code code}. */
  ServerFrame.PresenceSnapshot expire(long request, String code) {
    Pending p = pending.get(request);
    if (p == null) {
      return null;
    }
    p.waiting.forEach(id -> p.refused.add(new ServerFrame.Refused(id, code)));
    p.waiting.clear();
    return finish(request, p);
  }

  private ServerFrame.PresenceSnapshot finish(long request, Pending p) {
    pending.remove(request);
    return new ServerFrame.PresenceSnapshot(
        p.rid, List.copyOf(p.players), p.refused.isEmpty() ? null : List.copyOf(p.refused));
  }

  /** Takes over the watches of a session that was handed over. */
  void restore(List<String> ids) {
    watched.addAll(ids);
  }

  void remove(List<String> ids) {
    ids.forEach(watched::remove);
  }

  List<String> all() {
    return List.copyOf(watched);
  }

  /** The next {@code max} watched players to refresh, round robin over the whole list. */
  List<String> nextToRefresh(int max) {
    if (refreshCursor >= refreshOrder.size()) {
      refreshOrder = List.copyOf(watched);
      refreshCursor = 0;
    }
    int end = Math.min(refreshOrder.size(), refreshCursor + max);
    List<String> slice = refreshOrder.subList(refreshCursor, end);
    refreshCursor = end;
    return slice;
  }
}
