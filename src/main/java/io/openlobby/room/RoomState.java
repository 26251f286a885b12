package io.openlobby.room;

import io.openlobby.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A room's state per lifecycle phase: not yet created, live (open or full), closed. Immutable: every
 * change returns a new state.
 */
public sealed interface RoomState extends CborSerializable {

  /** The state after event {@code e} (the room's event handler). */
  RoomState apply(Room.Event e);

  /** A member as the room knows it; {@code ready} is set by room.ready. */
  record Member(String playerId, String name, boolean ready) implements CborSerializable {}

  /** No RoomCreated event yet: the id is free. */
  record Empty() implements RoomState {
    @Override
    public Live apply(Room.Event e) {
      if (e instanceof Room.RoomCreated created) {
        return Live.created(created);
      }
      if (e instanceof Room.MatchRoomCreated matched) {
        return Live.matched(matched);
      }
      throw new IllegalStateException("unexpected event before the room exists: " + e);
    }
  }

  /** Created and not closed; open, full, or in game once the host started it. */
  record Live(
      String roomId,
      String mode,
      String name,
      String region,
      int maxPlayers,
      boolean isPrivate,
      Map<String, String> attributes,
      String joinCode,
      String hostId,
      List<Member> members,
      boolean started,
      long createdAt,
      List<List<String>> teams,
      List<String> away)
      implements RoomState {

    public Live {
      attributes = Map.copyOf(attributes);
      members = List.copyOf(members);
      teams = teams == null ? List.of() : teams.stream().map(List::copyOf).toList();
      away = away == null ? List.of() : List.copyOf(away); // null: a snapshot from before #4
    }

    /** An ordinary room (no teams). */
    public Live(
        String roomId, String mode, String name, String region, int maxPlayers, boolean isPrivate,
        Map<String, String> attributes, String joinCode, String hostId, List<Member> members,
        boolean started, long createdAt) {
      this(roomId, mode, name, region, maxPlayers, isPrivate, attributes, joinCode, hostId, members,
          started, createdAt, List.of(), List.of());
    }

    @Override
    public RoomState apply(Room.Event e) {
      if (e instanceof Room.PlayerJoined j) {
        return withMember(j.playerId(), j.name());
      } else if (e instanceof Room.PlayerLeft l) {
        return withoutMember(l.playerId());
      } else if (e instanceof Room.PlayerKicked k) {
        return withoutMember(k.playerId());
      } else if (e instanceof Room.HostChanged h) {
        return withHost(h.hostId());
      } else if (e instanceof Room.ReadyChanged r) {
        return withReady(r.playerId(), r.ready());
      } else if (e instanceof Room.GameStarted) {
        return withStarted();
      } else if (e instanceof Room.MemberWentAway a) {
        return withAway(a.playerId());
      } else if (e instanceof Room.MemberReturned b) {
        return withBack(b.playerId());
      } else if (e instanceof Room.RoomClosed c) {
        return new Closed(this, c.at());
      } else if (e instanceof Room.RoomAbandoned a) {
        return new Closed(this, a.at());
      } else if (e instanceof Room.ChatPosted) {
        return this;
      }
      throw new IllegalStateException("unexpected event in a live room: " + e);
    }

    /**
     * A match's room: private (never listed, no join code: nobody joins it), in game at once, its
     * members the teams' players in team order, the first player host.
     */
    static Live matched(Room.MatchRoomCreated e) {
      List<Member> members = e.teams().stream().flatMap(List::stream).toList();
      List<List<String>> teams =
          e.teams().stream().map(t -> t.stream().map(Member::playerId).toList()).toList();
      return new Live(
          e.roomId(), e.mode(), e.mode() + " match", e.region(), members.size(), true,
          Map.of("matchId", e.matchId()), null, members.get(0).playerId(), members, true, e.at(),
          teams, List.of());
    }

    static Live created(Room.RoomCreated e) {
      return new Live(
          e.roomId(), e.mode(), e.name(), e.region(), e.maxPlayers(), e.isPrivate(), e.attributes(),
          e.joinCode(), e.hostId(), List.of(new Member(e.hostId(), e.hostName(), false)), false, e.at());
    }

    public boolean isFull() {
      return members.size() >= maxPlayers;
    }

    public Optional<Member> member(String playerId) {
      return members.stream().filter(m -> m.playerId().equals(playerId)).findFirst();
    }

    /** Every member but the host has said ready (the host starts when it is). */
    boolean allReady() {
      return members.stream().allMatch(m -> m.ready() || m.playerId().equals(hostId));
    }

    List<String> memberIds() {
      return members.stream().map(Member::playerId).toList();
    }

    private Live with(String newHostId, List<Member> newMembers, boolean nowStarted) {
      List<String> stillAway =
          away.stream().filter(id -> newMembers.stream().anyMatch(m -> m.playerId().equals(id))).toList();
      return new Live(
          roomId, mode, name, region, maxPlayers, isPrivate, attributes, joinCode, newHostId,
          newMembers, nowStarted, createdAt, teams, stillAway);
    }

    /** In a game, the member went away for good (it stays a member and may come back). */
    boolean isAway(String playerId) {
      return away.contains(playerId);
    }

    /** Every member is away: nobody is left to play. */
    boolean allAway() {
      return members.stream().allMatch(m -> away.contains(m.playerId()));
    }

    Live withAway(String playerId) {
      List<String> next = new ArrayList<>(away);
      next.add(playerId);
      return new Live(
          roomId, mode, name, region, maxPlayers, isPrivate, attributes, joinCode, hostId, members,
          started, createdAt, teams, next);
    }

    Live withBack(String playerId) {
      List<String> next = away.stream().filter(id -> !id.equals(playerId)).toList();
      return new Live(
          roomId, mode, name, region, maxPlayers, isPrivate, attributes, joinCode, hostId, members,
          started, createdAt, teams, next);
    }

    Live withMember(String playerId, String playerName) {
      List<Member> next = new ArrayList<>(members);
      next.add(new Member(playerId, playerName, false));
      return with(hostId, next, started);
    }

    Live withoutMember(String playerId) {
      List<Member> next = new ArrayList<>(members);
      next.removeIf(m -> m.playerId().equals(playerId));
      return with(hostId, next, started);
    }

    Live withReady(String playerId, boolean ready) {
      List<Member> next =
          members.stream()
              .map(m -> m.playerId().equals(playerId) ? new Member(m.playerId(), m.name(), ready) : m)
              .toList();
      return with(hostId, next, started);
    }

    Live withHost(String newHostId) {
      return with(newHostId, members, started);
    }

    Live withStarted() {
      return with(hostId, members, true);
    }

    /**
     * Who becomes host when {@code leaving} leaves: the longest-standing other member that is not
     * away, else the longest-standing other member.
     */
    Optional<String> successorOf(String leaving) {
      List<String> others = members.stream().map(Member::playerId).filter(id -> !id.equals(leaving)).toList();
      return others.stream().filter(id -> !away.contains(id)).findFirst().or(() -> others.stream().findFirst());
    }

    RoomView.Status status() {
      if (started) {
        return RoomView.Status.IN_GAME;
      }
      return isFull() ? RoomView.Status.FULL : RoomView.Status.OPEN;
    }

    RoomView view() {
      return new RoomView(
          roomId, mode, name, region, hostId, members.size(), maxPlayers, status(), attributes,
          isPrivate, joinCode, members, teams, away);
    }
  }

  /** Closed for good: the last member left, or every member of a game was away. Never reused. */
  record Closed(Live last, long closedAt) implements RoomState {
    @Override
    public RoomState apply(Room.Event e) {
      throw new IllegalStateException("unexpected event in a closed room: " + e);
    }

    RoomView view() {
      RoomView live = last.view();
      return new RoomView(
          live.roomId(),
          live.mode(),
          live.name(),
          live.region(),
          live.hostId(),
          0,
          live.maxPlayers(),
          RoomView.Status.CLOSED,
          live.attributes(),
          live.isPrivate(),
          live.joinCode(),
          List.of(),
          live.teams(),
          List.of());
    }
  }
}
