package io.openlobby.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.openlobby.Settings;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenServiceTest {
  private static final String SECRET = "test-secret-test-secret-test-secret-123";
  private static final KeyPair RSA = generate("RSA", 2048);
  private static final KeyPair EC = generate("EC", 256);

  private final TokenService tokens =
      new TokenService(
          new Settings.Auth(
              true,
              Duration.ofHours(1),
              "openlobby",
              SECRET.getBytes(StandardCharsets.UTF_8),
              Optional.of(pem(RSA)),
              Optional.of(pem(EC))),
          Clock.systemUTC());

  @Test
  void guestTokensVerify() {
    TokenService.Issued issued = tokens.issueGuest("g-1", "alice");
    Principal p = tokens.verify(issued.token()).orElseThrow();
    assertEquals(new Principal("g-1", "alice", false), p);
    assertTrue(issued.expiresAt().isAfter(Instant.now().plusSeconds(3500)));
  }

  @Test
  void rs256AndEs256TokensFromAGameAuthServiceVerify() {
    String rs =
        JWT.create().withSubject("p-rsa").withClaim("name", "r").withExpiresAt(Instant.now().plusSeconds(60))
            .sign(Algorithm.RSA256(null, (RSAPrivateKey) RSA.getPrivate()));
    String es =
        JWT.create().withSubject("svc").withClaim("role", "service").withExpiresAt(Instant.now().plusSeconds(60))
            .sign(Algorithm.ECDSA256(null, (ECPrivateKey) EC.getPrivate()));
    assertEquals("p-rsa", tokens.verify(rs).orElseThrow().playerId());
    assertTrue(tokens.verify(es).orElseThrow().service());
  }

  @Test
  void badTokensAreRefused() {
    assertFalse(tokens.verify(null).isPresent());
    assertFalse(tokens.verify("").isPresent());
    assertFalse(tokens.verify("a.b.c").isPresent());
    String expired =
        JWT.create().withSubject("x").withExpiresAt(Instant.now().minusSeconds(60)).sign(Algorithm.HMAC256(SECRET));
    assertFalse(tokens.verify(expired).isPresent());
    String noExp = JWT.create().withSubject("x").sign(Algorithm.HMAC256(SECRET));
    assertFalse(tokens.verify(noExp).isPresent());
    String noSub = JWT.create().withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.HMAC256(SECRET));
    assertFalse(tokens.verify(noSub).isPresent());
    String wrongKey =
        JWT.create().withSubject("x").withExpiresAt(Instant.now().plusSeconds(60))
            .sign(Algorithm.HMAC256("some-other-secret-some-other-secret-0"));
    assertFalse(tokens.verify(wrongKey).isPresent());
    String unsigned = JWT.create().withSubject("x").withExpiresAt(Instant.now().plusSeconds(60)).sign(Algorithm.none());
    assertFalse(tokens.verify(unsigned).isPresent());
    String otherRsa =
        JWT.create().withSubject("x").withExpiresAt(Instant.now().plusSeconds(60))
            .sign(Algorithm.RSA256(null, (RSAPrivateKey) generate("RSA", 2048).getPrivate()));
    assertFalse(tokens.verify(otherRsa).isPresent());
  }

  private static KeyPair generate(String algorithm, int size) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize(size);
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
