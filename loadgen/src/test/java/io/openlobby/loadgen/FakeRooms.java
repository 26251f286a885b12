package io.openlobby.loadgen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Rooms and the live lobby of {@link FakeLobbyServer}: room.create/join/chat/leave, lobby.subscribe
 * (an update per change, 20 ms later, to every subscriber of the mode) and the listing with a cursor
 * (an offset). Runs on the fake's single event-loop thread.
 */
final class FakeRooms {
  final AtomicInteger creates = new AtomicInteger();
  final AtomicInteger joins = new AtomicInteger();
  final AtomicInteger chats = new AtomicInteger();
  final AtomicInteger leaves = new AtomicInteger();
  final AtomicInteger listings = new AtomicInteger();
  final AtomicInteger pagesWithCursor = new AtomicInteger();
  private final Map<String, Room> rooms = new LinkedHashMap<>();
  private final Map<String, String> roomOf = new HashMap<>();
  private final Map<String, Set<String>> subscribers = new HashMap<>();
  private final BiConsumer<String, Map<String, Object>> push;
  private final BiConsumer<String, Map<String, Object>> lobbyPush;
  private int next;

  private static final class Room {
    final String id;
    final String mode;
    final int max;
    final Set<String> members = new LinkedHashSet<>();
    String status = "open";

    Room(String id, String mode, int max) {
      this.id = id;
      this.mode = mode;
      this.max = max;
    }

    Map<String, Object> summary() {
      return Map.of("roomId", id, "mode", mode, "name", id, "region", "local", "hostId",
          members.isEmpty() ? "" : members.iterator().next(), "players", members.size(), "maxPlayers", max,
          "status", status, "attributes", Map.of());
    }
  }

  /** {@code lobbyPush} sends lobby updates a little later, as the real lobby's batching does. */
  FakeRooms(BiConsumer<String, Map<String, Object>> push, BiConsumer<String, Map<String, Object>> lobbyPush) {
    this.push = push;
    this.lobbyPush = lobbyPush;
  }

  /** Handles one room or lobby frame of {@code player}; returns the reply (without seq/re). */
  Map<String, Object> handle(String player, String type, com.fasterxml.jackson.databind.JsonNode f) {
    switch (type) {
      case "lobby.subscribe": {
        String mode = f.path("mode").asText();
        subscribers.computeIfAbsent(mode, k -> new LinkedHashSet<>()).add(player);
        return Map.of("type", "lobby.snapshot", "mode", mode, "rooms", list(mode, 100, 0).get("rooms"));
      }
      case "room.create": {
        if (roomOf.containsKey(player)) {
          return error("already_in_room");
        }
        creates.incrementAndGet();
        Room r = new Room("r-" + (++next), f.path("mode").asText(), f.path("maxPlayers").asInt());
        rooms.put(r.id, r);
        r.members.add(player);
        roomOf.put(player, r.id);
        changed(r);
        return Map.of("type", "room.state", "room", r.summary());
      }
      case "room.join": {
        Room r = rooms.get(f.path("roomId").asText());
        if (r == null) {
          return error("room_not_found");
        }
        if (roomOf.containsKey(player)) {
          return error("already_in_room");
        }
        if (!r.status.equals("open")) {
          return error(r.status.equals("full") ? "room_full" : "room_in_game");
        }
        joins.incrementAndGet();
        r.members.add(player);
        roomOf.put(player, r.id);
        r.status = r.members.size() >= r.max ? "full" : "open";
        changed(r);
        return Map.of("type", "room.state", "room", r.summary());
      }
      case "room.chat": {
        Room r = rooms.get(roomOf.get(player));
        if (r == null) {
          return error("not_in_room");
        }
        chats.incrementAndGet();
        for (String m : r.members) {
          if (!m.equals(player)) {
            push.accept(m, Map.of("type", "room.event", "roomId", r.id, "event", "chat", "playerId", player,
                "text", f.path("text").asText()));
          }
        }
        return Map.of("type", "ok");
      }
      case "room.leave": {
        Room r = rooms.get(roomOf.remove(player));
        if (r == null) {
          return error("not_in_room");
        }
        leaves.incrementAndGet();
        r.members.remove(player);
        if (r.members.isEmpty()) {
          rooms.remove(r.id);
          r.status = "closed";
        } else if (r.status.equals("full")) {
          r.status = "open";
        }
        changed(r);
        return Map.of("type", "ok");
      }
      default:
        return null;
    }
  }

  /** A room made by the matchmaker, in game, with its players as members. */
  String matchRoom(String mode, List<String> players) {
    Room r = new Room("r-" + (++next), mode, players.size());
    r.status = "in_game";
    r.members.addAll(players);
    rooms.put(r.id, r);
    players.forEach(p -> roomOf.put(p, r.id));
    return r.id;
  }

  boolean inRoom(String player) {
    return roomOf.containsKey(player);
  }

  /** GET /v1/lobby/rooms: one page of the listing, counted. */
  Map<String, Object> page(String mode, int limit, int from) {
    listings.incrementAndGet();
    if (from > 0) {
      pagesWithCursor.incrementAndGet();
    }
    return list(mode, limit, from);
  }

  /** The listing: open rooms of a mode in creation order from offset {@code from}. */
  private Map<String, Object> list(String mode, int limit, int from) {
    List<Map<String, Object>> page = new ArrayList<>();
    int i = 0;
    for (Room r : rooms.values()) {
      if (r.mode.equals(mode) && r.status.equals("open") && i++ >= from && page.size() < limit) {
        page.add(r.summary());
      }
    }
    Map<String, Object> answer = new HashMap<>();
    answer.put("rooms", page);
    answer.put("nextCursor", i > from + page.size() ? "c" + (from + page.size()) : null);
    return answer;
  }

  private void changed(Room r) {
    boolean listed = r.status.equals("open");
    Map<String, Object> update = Map.of("type", "lobby.update", "mode", r.mode,
        "upserts", listed ? List.of(r.summary()) : List.of(), "removed", listed ? List.of() : List.of(r.id));
    for (String s : subscribers.getOrDefault(r.mode, Set.of())) {
      lobbyPush.accept(s, update);
    }
  }

  static Map<String, Object> error(String code) {
    return Map.of("type", "error", "code", code, "message", code, "retryable", false);
  }
}
