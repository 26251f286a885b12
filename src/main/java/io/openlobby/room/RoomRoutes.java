package io.openlobby.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.ErrorCode;
import io.openlobby.auth.Authentication;
import io.openlobby.auth.Principal;
import io.openlobby.http.ApiDirectives;
import io.openlobby.http.Json;
import io.openlobby.session.wire.WireRoom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * {@code GET /v1/rooms/{roomId}} and {@code GET /v1/rooms/{roomId}/events}: a room as it stands, and
 * its persisted history read back from Cassandra, oldest first. A private room is visible to its
 * members only; to anyone else it does not exist (404).
 */
public final class RoomRoutes extends ApiDirectives {
  private static final int HISTORY_LIMIT_MAX = 1000;
  private static final Map<Class<?>, String> EVENT_NAMES =
      Map.ofEntries(
          Map.entry(Room.RoomCreated.class, "created"),
          Map.entry(Room.PlayerJoined.class, "joined"),
          Map.entry(Room.PlayerLeft.class, "left"),
          Map.entry(Room.HostChanged.class, "host_changed"),
          Map.entry(Room.RoomClosed.class, "closed"),
          Map.entry(Room.ReadyChanged.class, "ready"),
          Map.entry(Room.PlayerKicked.class, "kicked"),
          Map.entry(Room.ChatPosted.class, "chat"),
          Map.entry(Room.GameStarted.class, "started"),
          Map.entry(Room.MatchRoomCreated.class, "match_created"),
          Map.entry(Room.MemberWentAway.class, "away"),
          Map.entry(Room.MemberReturned.class, "back"),
          Map.entry(Room.RoomAbandoned.class, "abandoned"));

  private final ClusterSharding sharding;
  private final Authentication authentication;
  private final CassandraReadJournal journal;
  private final Materializer materializer;
  private final Duration askTimeout;

  public RoomRoutes(ActorSystem<?> system, Authentication authentication, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.authentication = authentication;
    this.journal =
        PersistenceQuery.get(system)
            .getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
    this.materializer = Materializer.matFromSystem(system);
    this.askTimeout = askTimeout;
  }

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("rooms").slash(PathMatchers.segment()),
        roomId ->
            get(
                () ->
                    authentication.authenticated(
                        principal ->
                            concat(
                                pathEnd(() -> visibleRoom(roomId, principal, view ->
                                    json(StatusCodes.OK, WireRoom.of(view, principal.playerId())))),
                                path(
                                    "events",
                                    () ->
                                        parameterOptional(
                                            "limit",
                                            limit ->
                                                visibleRoom(
                                                    roomId,
                                                    principal,
                                                    view -> history(roomId, limit))))))));
  }

  private Route visibleRoom(
      String roomId, Principal principal, java.util.function.Function<RoomView, Route> inner) {
    CompletionStage<RoomView> view =
        sharding.entityRefFor(Room.ENTITY_KEY, roomId).askWithStatus(Room.Get::new, askTimeout);
    return onComplete(
        view,
        result -> {
          if (result.isFailure()) {
            ErrorCode code = ErrorCode.ofFailure(result.failed().get());
            return error(code);
          }
          RoomView room = result.get();
          if (room.isPrivate() && !room.hasMember(principal.playerId()) && !principal.service()) {
            return error(ErrorCode.ROOM_NOT_FOUND);
          }
          return inner.apply(room);
        });
  }

  private Route history(String roomId, java.util.Optional<String> limitParam) {
    int limit;
    try {
      limit = limitParam.map(Integer::parseInt).orElse(HISTORY_LIMIT_MAX);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > HISTORY_LIMIT_MAX) {
      return error(ErrorCode.BAD_REQUEST, "limit must be an integer from 1 to " + HISTORY_LIMIT_MAX);
    }
    CompletionStage<List<ObjectNode>> events =
        journal
            .currentEventsByPersistenceId(Room.persistenceId(roomId).id(), 0L, Long.MAX_VALUE)
            .take(limit)
            .map(RoomRoutes::eventJson)
            .runWith(Sink.seq(), materializer);
    return onComplete(
        events,
        result ->
            result.isSuccess()
                ? json(StatusCodes.OK, Map.of("roomId", roomId, "events", result.get()))
                : error(ErrorCode.UNAVAILABLE, "The room history cannot be read right now"));
  }

  private static ObjectNode eventJson(EventEnvelope envelope) {
    Object event = envelope.event();
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("seqNr", envelope.sequenceNr());
    out.put("event", EVENT_NAMES.getOrDefault(event.getClass(), event.getClass().getSimpleName()));
    out.setAll((ObjectNode) Json.MAPPER.valueToTree(event));
    return out;
  }
}
