package io.openlobby.match;

import io.openlobby.ErrorCode;
import io.openlobby.ops.Metrics;
import io.openlobby.room.Membership;
import io.openlobby.room.Room;
import io.openlobby.room.RoomState;
import io.openlobby.room.RoomView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * Turns a settled match into a room: every player's {@link Membership} claims the new room first
 * (the one-room rule), then the room is created in game with the teams. A player found in another
 * room is refused (its ticket ends, the others requeue); any other failure gives every claim back.
 */
final class MatchRooms {
  /** {@code refused}: players already in another room (no room was created then). */
  record Outcome(Set<String> refused) {}

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final ActorRef<StatusReply<Done>> ignore;
  /** A match room's steps: claims (the players' Membership), room, total. */
  private final Metrics.Steps steps;

  MatchRooms(ClusterSharding sharding, Duration timeout, ActorRef<StatusReply<Done>> ignore, Metrics metrics) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.ignore = ignore;
    this.steps = metrics.steps("match.room");
  }

  CompletionStage<Outcome> create(
      String roomId, String matchId, String mode, String region, List<List<String>> teams,
      Map<String, String> names) {
    List<String> players = teams.stream().flatMap(List::stream).toList();
    long start = System.nanoTime();
    List<CompletableFuture<ErrorCode>> claims = new ArrayList<>();
    for (String p : players) {
      claims.add(
          sharding
              .entityRefFor(Membership.ENTITY_KEY, p)
              .askWithStatus((ActorRef<StatusReply<Done>> r) -> new Membership.Claim(roomId, r), timeout)
              .handle((ok, failure) -> failure == null ? null : ErrorCode.ofFailure(failure))
              .toCompletableFuture());
    }
    return steps.timed("claims", CompletableFuture.allOf(claims.toArray(new CompletableFuture[0])))
        .thenCompose(
            all -> {
              Set<String> refused = new TreeSet<>();
              boolean failed = false;
              for (int i = 0; i < players.size(); i++) {
                ErrorCode code = claims.get(i).join();
                if (code == ErrorCode.ALREADY_IN_ROOM) {
                  refused.add(players.get(i));
                } else if (code != null) {
                  failed = true;
                }
              }
              if (failed || !refused.isEmpty()) {
                releaseAll(players, roomId);
                return failed
                    ? CompletableFuture.failedFuture(new StatusReply.ErrorMessage(ErrorCode.UNAVAILABLE.wire()))
                    : CompletableFuture.completedFuture(new Outcome(refused));
              }
              List<List<RoomState.Member>> members =
                  teams.stream()
                      .map(t -> t.stream().map(p -> new RoomState.Member(p, names.getOrDefault(p, p), true)).toList())
                      .toList();
              return steps.timed(
                      "room",
                      sharding
                          .entityRefFor(Room.ENTITY_KEY, roomId)
                          .askWithStatus(
                              (ActorRef<StatusReply<RoomView>> r) ->
                                  new Room.CreateMatch(matchId, mode, region, members, r),
                              timeout))
                  .<Outcome>handle(
                      (view, failure) -> {
                        steps.took("total", start);
                        if (failure != null) {
                          releaseAll(players, roomId);
                          throw new java.util.concurrent.CompletionException(failure);
                        }
                        return new Outcome(Set.of());
                      });
            });
  }

  /** A release of a room the player does not hold is a no-op, so releasing all is safe. */
  private void releaseAll(List<String> players, String roomId) {
    for (String p : players) {
      sharding.entityRefFor(Membership.ENTITY_KEY, p).tell(new Membership.Release(roomId, ignore));
    }
  }
}
