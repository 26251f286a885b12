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

  /** Create or join: claim the room for the player, ask it, and give the claim back if refused. */
  CompletionStage<RoomView> enter(
      String playerId, String roomId, Function<ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    CompletionStage<Done> claim =
        sharding
            .entityRefFor(Membership.ENTITY_KEY, playerId)
            .askWithStatus((ActorRef<StatusReply<Done>> r) -> new Membership.Claim(roomId, r), timeout);
    return claim.thenCompose(
            claimed ->
                room(roomId, command)
                    .whenComplete(
                        (view, failure) -> {
                          if (failure != null) {
                            release(playerId, roomId);
                          }
                        }));
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
