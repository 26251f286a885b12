package io.openlobby.match;

import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.auth.Authentication;
import io.openlobby.auth.Principal;
import io.openlobby.http.ApiDirectives;
import io.openlobby.ops.Metrics;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /v1/matchmaking/tickets}: create (for oneself or a party one belongs to; a service token
 * for any players), read and cancel tickets. Players hear about their tickets on their sockets.
 */
public final class MatchmakingRoutes extends ApiDirectives {
  private static final int PLAYER_ID_MAX = 128;

  /** The POST body; absent fields take the defaults (the node's region, the default skill). */
  public record TicketBody(String mode, String region, Double skill, List<String> players) {}

  /** A ticket on the wire; fields that do not apply to its status are absent. */
  public record WireTicket(
      String ticketId, String status, String mode, String region, List<String> players,
      Integer position, Long estimatedWaitMs, String roomId, String reason) {

    static WireTicket of(TicketView v) {
      boolean searching = v.status() == TicketStatus.SEARCHING;
      return new WireTicket(
          v.ticketId(), v.status().wire(), v.mode(), v.region(), v.players(),
          searching ? v.position() : null,
          searching && v.estimatedWaitMs() >= 0 ? v.estimatedWaitMs() : null,
          v.roomId(), v.reason());
    }
  }

  private final Settings settings;
  private final Authentication authentication;
  private final TicketDesk desk;

  public MatchmakingRoutes(ActorSystem<?> system, Authentication authentication, Settings settings) {
    this.settings = settings;
    this.authentication = authentication;
    this.desk = new TicketDesk(ClusterSharding.get(system), settings.askTimeout(), Clock.systemUTC(), Metrics.get(system));
  }

  public Route routes() {
    return pathPrefix(
        PathMatchers.segment("v1").slash("matchmaking").slash("tickets"),
        () ->
            authentication.authenticated(
                principal ->
                    concat(
                        pathEnd(() -> post(() -> jsonBody(TicketBody.class, body -> create(principal, body)))),
                        path(
                            PathMatchers.segment(),
                            ticketId ->
                                concat(
                                    get(() -> read(principal, ticketId)),
                                    delete(() -> cancel(principal, ticketId)))))));
  }

  private Route create(Principal principal, TicketBody body) {
    if (body.mode() == null) {
      return error(ErrorCode.BAD_REQUEST, "mode is required");
    }
    Settings.Mode mode = settings.matchmaking().modes().get(body.mode());
    if (mode == null) {
      return error(
          ErrorCode.UNKNOWN_MODE,
          "No matchmaking mode \"" + body.mode() + "\"; modes: " + settings.matchmaking().modes().keySet());
    }
    if (body.region() != null && !Settings.NAME.matcher(body.region()).matches()) {
      return error(ErrorCode.BAD_REQUEST, "region must match " + Settings.NAME.pattern());
    }
    if (body.skill() != null && !(body.skill() >= 0 && body.skill() <= 1_000_000)) {
      return error(ErrorCode.BAD_REQUEST, "skill must be a number from 0 to 1000000");
    }
    List<String> players = body.players();
    if (players == null) {
      if (principal.service()) {
        return error(ErrorCode.BAD_REQUEST, "A service token must name the players");
      }
      players = List.of(principal.playerId());
    }
    if (players.isEmpty()
        || players.stream().anyMatch(p -> p == null || p.isBlank() || p.length() > PLAYER_ID_MAX)
        || new HashSet<>(players).size() != players.size()) {
      return error(ErrorCode.BAD_REQUEST, "players must be distinct, non-empty player ids");
    }
    if (!principal.service() && !players.contains(principal.playerId())) {
      return error(ErrorCode.FORBIDDEN, "A player may queue itself or a party it belongs to");
    }
    if (players.size() > mode.rules().teamSize()) {
      return error(
          ErrorCode.PARTY_TOO_LARGE,
          "A " + mode.name() + " team has " + mode.rules().teamSize() + " players; the party has " + players.size());
    }
    TicketDesk.Request request =
        TicketDesk.withDefaults(settings, mode.name(), body.region(), body.skill(), players);
    return answer(desk.open(request), StatusCodes.CREATED, v -> null);
  }

  private Route read(Principal principal, String ticketId) {
    return answer(desk.get(ticketId), StatusCodes.OK, v -> mayRead(principal, v) ? null : ErrorCode.FORBIDDEN);
  }

  private Route cancel(Principal principal, String ticketId) {
    return answer(
        desk.cancel(ticketId, principal.service() ? null : principal.playerId()), StatusCodes.OK, v -> null);
  }

  private static boolean mayRead(Principal principal, TicketView v) {
    return principal.service() || v.players().contains(principal.playerId());
  }

  /** {@code refuse}: an error code when the caller may not see this ticket, else null. */
  private Route answer(CompletionStage<TicketView> reply, StatusCode ok, Function<TicketView, ErrorCode> refuse) {
    return onComplete(
        reply,
        result -> {
          if (result.isFailure()) {
            return error(ErrorCode.ofFailure(result.failed().get()));
          }
          ErrorCode refused = refuse.apply(result.get());
          return refused != null ? error(refused) : json(ok, WireTicket.of(result.get()));
        });
  }
}
