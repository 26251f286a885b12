package io.openlobby.session;

import io.openlobby.ErrorCode;
import io.openlobby.room.JoinCode;
import io.openlobby.room.Membership;
import io.openlobby.room.Room;
import io.openlobby.room.RoomView;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * The room side of a session: every call first agrees with the player's {@link Membership} (the
 * one-room rule), then asks the room. Plain futures, piped back to the session actor.
 */
final class RoomCalls {
  private final ClusterSharding sharding;
  private final Duration timeout;
  private final ActorRef<StatusReply<Done>> ignore;

  RoomCalls(ClusterSharding sharding, Duration timeout, ActorRef<StatusReply<Done>> ignore) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.ignore = ignore;
  }

  /** Create: claim the new room for the player, create it, and give the claim back if refused. */
  CompletionStage<RoomView> create(
      String playerId, String roomId, Function<ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    return claim(playerId, roomId)
        .thenCompose(
            claimed ->
                room(roomId, command)
                    .whenComplete(
                        (view, failure) -> {
                          if (failure != null) {
                            release(playerId, roomId);
                          }
                        }));
  }

  /**
   * Join: the room decides first (capacity is its single-writer rule, and a full room answers
   * room_full without touching the player's membership: a stampede of 200 joiners costs 9 claims,
   * not 200), then the membership is claimed. If the player turns out to be in another room, it
   * leaves this one again and the join is refused with already_in_room.
   */
  CompletionStage<RoomView> join(
      String playerId, String roomId, Function<ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    return room(roomId, command)
        .thenCompose(
            view ->
                claim(playerId, roomId)
                    .handle((claimed, failure) -> failure)
                    .thenCompose(
                        failure -> {
                          if (failure == null) {
                            return CompletableFuture.completedFuture(view);
                          }
                          // Not allowed in two rooms (or the membership cannot answer): undo.
                          return room(roomId, r -> new Room.Leave(playerId, r))
                              .handle((left, ignored) -> null)
                              .thenCompose(x -> CompletableFuture.<RoomView>failedFuture(failure));
                        }));
  }

  private CompletionStage<Done> claim(String playerId, String roomId) {
    return sharding
        .entityRefFor(Membership.ENTITY_KEY, playerId)
        .askWithStatus((ActorRef<StatusReply<Done>> r) -> new Membership.Claim(roomId, r), timeout);
  }

  /** The room a private join code opens (room_not_found when none). */
  CompletionStage<String> roomOfCode(String code) {
    return sharding
        .entityRefFor(JoinCode.ENTITY_KEY, code)
        .askWithStatus((ActorRef<StatusReply<String>> r) -> new JoinCode.Resolve(r), timeout);
  }

  /** Leave the room the player is in (known to the session, or asked of its membership). */
  CompletionStage<RoomView> leave(String playerId, String knownRoomId) {
    return resolve(playerId, knownRoomId)
        .thenCompose(
            roomId ->
                room(roomId, r -> new Room.Leave(playerId, r))
                    .whenComplete(
                        (view, failure) -> {
                          ErrorCode code = failure == null ? null : ErrorCode.ofFailure(failure);
                          if (code == null
                              || code == ErrorCode.NOT_IN_ROOM
                              || code == ErrorCode.ROOM_NOT_FOUND) { // the claim was stale
                            release(playerId, roomId);
                          }
                        }));
  }

  /** A command to the room the player is in (ready, kick, chat, start). */
  CompletionStage<RoomView> act(
      String playerId, String knownRoomId, Function<ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    return resolve(playerId, knownRoomId).thenCompose(roomId -> room(roomId, command));
  }

  private CompletionStage<String> resolve(String playerId, String knownRoomId) {
    if (knownRoomId != null) {
      return CompletableFuture.completedFuture(knownRoomId);
    }
    return sharding
        .entityRefFor(Membership.ENTITY_KEY, playerId)
        .askWithStatus((ActorRef<StatusReply<String>> r) -> new Membership.Current(r), timeout)
        .thenCompose(
            roomId ->
                roomId == null
                    ? CompletableFuture.failedFuture(new StatusReply.ErrorMessage(ErrorCode.NOT_IN_ROOM.wire()))
                    : CompletableFuture.completedFuture(roomId));
  }

  private CompletionStage<RoomView> room(
      String roomId, Function<ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    return sharding.entityRefFor(Room.ENTITY_KEY, roomId).askWithStatus(command::apply, timeout);
  }

  void release(String playerId, String roomId) {
    sharding.entityRefFor(Membership.ENTITY_KEY, playerId).tell(new Membership.Release(roomId, ignore));
  }
}
