package io.openlobby.directory;

import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.auth.Authentication;
import io.openlobby.http.ApiDirectives;
import io.openlobby.session.wire.WireLobbyPage;
import io.openlobby.session.wire.WireRoomSummary;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /v1/lobby/rooms?mode=&region=&open=true&limit=50&cursor=&attr.KEY=VALUE}: a page of a
 * mode's public rooms, in a stable order, with the cursor of the next page.
 */
public final class LobbyRoutes extends ApiDirectives {
  private static final Pattern MODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final String ATTR = "attr.";

  private final ClusterSharding sharding;
  private final Authentication authentication;
  private final Settings.Listing listing;
  private final Duration askTimeout;

  public LobbyRoutes(
      ActorSystem<?> system, Authentication authentication, Settings.Listing listing, Duration askTimeout) {
    this.sharding = ClusterSharding.get(system);
    this.authentication = authentication;
    this.listing = listing;
    this.askTimeout = askTimeout;
  }

  public Route routes() {
    return path(
        PathMatchers.segment("v1").slash("lobby").slash("rooms"),
        () ->
            get(
                () ->
                    authentication.authenticated(
                        principal -> parameterMap(this::list))));
  }

  private Route list(Map<String, String> params) {
    String mode = params.get("mode");
    if (mode == null || !MODE.matcher(mode).matches()) {
      return error(ErrorCode.BAD_REQUEST, "mode is required: 1 to 32 of a-z, 0-9, _ and -");
    }
    String open = params.getOrDefault("open", "true");
    if (!open.equals("true") && !open.equals("false")) {
      return error(ErrorCode.BAD_REQUEST, "open must be true or false");
    }
    int limit;
    try {
      limit = Integer.parseInt(params.getOrDefault("limit", "50"));
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > listing.pageLimitMax()) {
      return error(ErrorCode.BAD_REQUEST, "limit must be an integer from 1 to " + listing.pageLimitMax());
    }
    Optional<LobbyCursor> after = Optional.empty();
    if (params.containsKey("cursor")) {
      after = LobbyCursor.decode(params.get("cursor"));
      if (after.isEmpty()) {
        return error(ErrorCode.BAD_REQUEST, "cursor is not one this server gave out");
      }
    }
    Map<String, String> attributes = new HashMap<>();
    params.forEach(
        (k, v) -> {
          if (k.startsWith(ATTR) && k.length() > ATTR.length()) {
            attributes.put(k.substring(ATTR.length()), v);
          }
        });
    String region = params.get("region");
    LobbyFilter filter =
        new LobbyFilter(region == null || region.isEmpty() ? null : region, open.equals("true"), attributes);
    int pageSize = limit;
    Optional<LobbyCursor> from = after;
    CompletionStage<LobbyIndex.Page> page =
        sharding
            .entityRefFor(LobbyIndex.ENTITY_KEY, mode)
            .ask(r -> new LobbyIndex.Query(filter, from, pageSize, r), askTimeout);
    return onComplete(
        page,
        result -> {
          if (result.isFailure()) {
            return error(ErrorCode.ofFailure(result.failed().get()));
          }
          return json(
              StatusCodes.OK,
              new WireLobbyPage(
                  result.get().rooms().stream().map(WireRoomSummary::of).toList(),
                  result.get().nextCursor().map(LobbyCursor::encode).orElse(null)));
        });
  }
}
