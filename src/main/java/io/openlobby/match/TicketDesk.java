package io.openlobby.match;

import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.ops.Metrics;
import io.openlobby.player.Player;
import io.openlobby.room.Membership;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * Opens tickets: every player must be in no room (their {@link Membership}) and must claim the
 * ticket with its Player entity, which refuses a player without a live session or with another
 * live ticket (one live ticket per player); only then does the queue take it. A refusal gives
 * back every claim already made.
 */
public final class TicketDesk {
  /** A validated ticket request. */
  public record Request(String mode, String region, double skill, List<String> players) {}

  private final ClusterSharding sharding;
  private final Duration timeout;
  private final Clock clock;
  /** A ticket's opening steps: rooms (the players' Membership), claims, enqueue, total. */
  private final Metrics.Steps steps;

  public TicketDesk(ClusterSharding sharding, Duration timeout, Clock clock, Metrics metrics) {
    this.sharding = sharding;
    this.timeout = timeout;
    this.clock = clock;
    this.steps = metrics.steps("ticket.open");
  }

  public CompletionStage<TicketView> open(Request request) {
    String ticketId = TicketIds.next(request.mode(), request.region());
    long start = System.nanoTime();
    return steps.timed("rooms", notInRooms(request.players()))
        .thenCompose(x -> steps.timed("claims", claimAll(ticketId, request.players())))
        .thenCompose(
            names -> {
              MatchTicket ticket =
                  new MatchTicket(ticketId, request.players(), request.skill(), clock.millis());
              return steps.timed(
                      "enqueue",
                      queue(new QueueKey(request.mode(), request.region()))
                          .askWithStatus(
                              (ActorRef<StatusReply<TicketView>> r) ->
                                  new Queue.Enqueue(new Queue.Waiting(ticket, request.region(), names), r),
                              timeout))
                  .whenComplete(
                      (view, failure) -> {
                        steps.took("total", start);
                        if (failure != null) {
                          releaseAll(ticketId, request.players());
                        }
                      });
            });
  }

  public CompletionStage<TicketView> get(String ticketId) {
    return withQueue(ticketId, q -> q.askWithStatus(r -> new Queue.Get(ticketId, r), timeout));
  }

  /** {@code requester}: the player cancelling, or null for a service token. */
  public CompletionStage<TicketView> cancel(String ticketId, String requester) {
    return withQueue(ticketId, q -> q.askWithStatus(r -> new Queue.Cancel(ticketId, requester, r), timeout));
  }

  private CompletionStage<TicketView> withQueue(
      String ticketId, java.util.function.Function<EntityRef<Queue.Command>, CompletionStage<TicketView>> call) {
    return Queue.ofTicket(sharding, ticketId)
        .map(call)
        .orElseGet(() -> failed(ErrorCode.TICKET_NOT_FOUND));
  }

  private CompletionStage<Void> notInRooms(List<String> players) {
    List<CompletableFuture<String>> rooms = new ArrayList<>();
    for (String p : players) {
      rooms.add(
          sharding
              .entityRefFor(Membership.ENTITY_KEY, p)
              .askWithStatus((ActorRef<StatusReply<String>> r) -> new Membership.Current(r), timeout)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(rooms.toArray(new CompletableFuture[0]))
        .thenCompose(
            x ->
                rooms.stream().anyMatch(r -> r.join() != null)
                    ? failed(ErrorCode.ALREADY_IN_ROOM)
                    : CompletableFuture.completedFuture(null));
  }

  /** Every player's name when all claims hold; otherwise the first refusal, claims given back. */
  private CompletionStage<Map<String, String>> claimAll(String ticketId, List<String> players) {
    List<CompletableFuture<String>> claims = new ArrayList<>();
    for (String p : players) {
      claims.add(
          sharding
              .entityRefFor(Player.ENTITY_KEY, p)
              .askWithStatus((ActorRef<StatusReply<String>> r) -> new Player.ClaimTicket(ticketId, r), timeout)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(claims.toArray(new CompletableFuture[0]))
        .handle(
            (x, failure) -> {
              if (failure != null) {
                releaseAll(ticketId, players);
                throw new java.util.concurrent.CompletionException(firstFailure(claims));
              }
              Map<String, String> names = new HashMap<>();
              for (int i = 0; i < players.size(); i++) {
                names.put(players.get(i), claims.get(i).join());
              }
              return names;
            });
  }

  /** The most telling refusal: already_queued before not_connected before a timeout. */
  private static Throwable firstFailure(List<CompletableFuture<String>> claims) {
    Throwable chosen = null;
    for (CompletableFuture<String> c : claims) {
      if (c.isCompletedExceptionally()) {
        Throwable t = c.handle((v, f) -> f).join();
        ErrorCode code = ErrorCode.ofFailure(t);
        if (chosen == null || code == ErrorCode.ALREADY_QUEUED) {
          chosen = t;
        }
      }
    }
    return chosen;
  }

  private void releaseAll(String ticketId, List<String> players) {
    Player.tellEach(sharding, players, new Player.ReleaseTicket(ticketId));
  }

  private EntityRef<Queue.Command> queue(QueueKey key) {
    return sharding.entityRefFor(Queue.ENTITY_KEY, key.entityId());
  }

  private static <T> CompletionStage<T> failed(ErrorCode code) {
    return CompletableFuture.failedFuture(new StatusReply.ErrorMessage(code.wire()));
  }

  /** The default region and skill when the request leaves them out. */
  public static Request withDefaults(Settings settings, String mode, String region, Double skill, List<String> players) {
    return new Request(
        mode,
        region != null ? region : settings.region(),
        skill != null ? skill : settings.matchmaking().defaultSkill(),
        players);
  }
}
