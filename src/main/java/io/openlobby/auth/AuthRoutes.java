package io.openlobby.auth;

import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.http.ApiDirectives;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/** {@code POST /v1/auth/guest}: a development login that operators can switch off. */
public final class AuthRoutes extends ApiDirectives {
  /** Printable names without control characters, 1 to 32 code points once trimmed. */
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}\\p{S}]{1,32}");

  public record GuestRequest(String name) {}

  public record GuestResponse(String playerId, String token, long expiresAt) {}

  private final Settings.Auth settings;
  private final TokenService tokens;
  private final SecureRandom random = new SecureRandom();

  public AuthRoutes(Settings.Auth settings, TokenService tokens) {
    this.settings = settings;
    this.tokens = tokens;
  }

  public Route routes() {
    return path(
        PathMatchers.segment("v1").slash("auth").slash("guest"),
        () -> post(() -> jsonBody(GuestRequest.class, this::guest)));
  }

  private Route guest(GuestRequest request) {
    if (!settings.guestEnabled()) {
      return error(ErrorCode.GUEST_AUTH_DISABLED);
    }
    String name = request.name() == null ? "" : request.name().strip();
    if (!NAME.matcher(name).matches()) {
      return error(ErrorCode.BAD_REQUEST, "name must be 1 to 32 printable characters");
    }
    byte[] id = new byte[12];
    random.nextBytes(id);
    String playerId = "g-" + HexFormat.of().formatHex(id);
    TokenService.Issued issued = tokens.issueGuest(playerId, name);
    return json(
        StatusCodes.OK,
        new GuestResponse(playerId, issued.token(), issued.expiresAt().toEpochMilli()));
  }
}
