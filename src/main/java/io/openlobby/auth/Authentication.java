package io.openlobby.auth;

import io.openlobby.ErrorCode;
import io.openlobby.http.ApiDirectives;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The authentication directive: a token from {@code Authorization: Bearer} or, for browsers that
 * cannot set headers on a WebSocket upgrade, from {@code ?token=}. No valid token: 401 before
 * anything else runs, including a WebSocket upgrade.
 */
public final class Authentication extends ApiDirectives {
  private static final String BEARER = "Bearer ";
  private final TokenService tokens;

  public Authentication(TokenService tokens) {
    this.tokens = tokens;
  }

  public Route authenticated(Function<Principal, Route> inner) {
    return optionalHeaderValueByName(
        "Authorization",
        header ->
            parameterOptional(
                "token",
                query -> {
                  Optional<String> raw =
                      header
                          .filter(h -> h.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                          .map(h -> h.substring(BEARER.length()).trim())
                          .or(() -> query);
                  Optional<Principal> principal = raw.flatMap(tokens::verify);
                  if (principal.isEmpty()) {
                    return respondWithHeader(
                        WWWAuthenticate.create(HttpChallenge.createOAuth2("openlobby")),
                        () ->
                            error(
                                ErrorCode.UNAUTHORIZED,
                                raw.isEmpty()
                                    ? "A bearer token is required"
                                    : "The token is malformed, expired or badly signed"));
                  }
                  return inner.apply(principal.get());
                }));
  }
}
