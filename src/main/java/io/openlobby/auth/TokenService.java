package io.openlobby.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import io.openlobby.Settings;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issues HS256 tokens for guests and verifies HS256, RS256 and ES256 tokens (the latter two with
 * public keys from configuration, so that a game's own auth service can issue them).
 */
public final class TokenService {
  /** A token issued by us or a game auth service; the minimal claims we rely on. */
  public record Issued(String token, Instant expiresAt) {}

  private final Settings.Auth settings;
  private final Clock clock;
  private final Algorithm signer;
  private final Map<String, JWTVerifier> verifiersByAlg = new HashMap<>();

  public TokenService(Settings.Auth settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.signer = Algorithm.HMAC256(settings.hs256Secret());
    verifiersByAlg.put("HS256", verifier(signer));
    settings
        .rs256PublicKeyPem()
        .ifPresent(
            pem ->
                verifiersByAlg.put(
                    "RS256", verifier(Algorithm.RSA256((RSAPublicKey) publicKey("RSA", pem), null))));
    settings
        .es256PublicKeyPem()
        .ifPresent(
            pem ->
                verifiersByAlg.put(
                    "ES256",
                    verifier(Algorithm.ECDSA256((ECPublicKey) publicKey("EC", pem), null))));
  }

  private JWTVerifier verifier(Algorithm algorithm) {
    // exp is required; iat/nbf are checked when present. A small leeway absorbs clock skew.
    return JWT.require(algorithm).acceptLeeway(5).withClaimPresence("exp").build();
  }

  public Issued issueGuest(String playerId, String name) {
    Instant now = clock.instant();
    Instant expires = now.plus(settings.tokenTtl());
    String token =
        JWT.create()
            .withIssuer(settings.issuer())
            .withSubject(playerId)
            .withClaim("name", name)
            .withIssuedAt(now)
            .withExpiresAt(expires)
            .sign(signer);
    return new Issued(token, expires);
  }

  /** The principal of a valid token, or empty when it is missing, malformed, expired or forged. */
  public Optional<Principal> verify(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    try {
      DecodedJWT unverified = JWT.decode(token);
      JWTVerifier verifier = verifiersByAlg.get(unverified.getAlgorithm());
      if (verifier == null) {
        return Optional.empty();
      }
      DecodedJWT jwt = verifier.verify(unverified);
      String subject = jwt.getSubject();
      if (subject == null || subject.isBlank()) {
        return Optional.empty();
      }
      String name = jwt.getClaim("name").asString();
      boolean service = "service".equals(jwt.getClaim("role").asString());
      return Optional.of(new Principal(subject, name == null ? subject : name, service));
    } catch (JWTVerificationException e) { // includes JWTDecodeException: not a JWT at all
      return Optional.empty();
    }
  }

  private static PublicKey publicKey(String algorithm, String pem) {
    String base64 =
        pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance(algorithm)
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (Exception e) {
      throw new Settings.Invalid(
          List.of(
              "the configured " + algorithm + " public key is not a PEM X.509 public key: " + e.getMessage()));
    }
  }
}
