package io.openlobby.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resume tokens: {@code <sessionId>.<MAC>}, the MAC an HMAC-SHA256 over the player and session ids
 * with the server key. Any node of the cluster can check one without a lookup, a session stores no
 * secret, and a token is useless to any other player.
 */
public final class ResumeTokens {
  private final SecretKeySpec key;

  public ResumeTokens(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  public String issue(String playerId, String sessionId) {
    return sessionId + "." + mac(playerId, sessionId);
  }

  /** The session id of a token that {@code playerId} may use, or empty. */
  public Optional<String> sessionOf(String playerId, String token) {
    int dot = token == null ? -1 : token.lastIndexOf('.');
    if (dot <= 0 || dot > 64) {
      return Optional.empty();
    }
    String sessionId = token.substring(0, dot);
    byte[] expected = mac(playerId, sessionId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? Optional.of(sessionId) : Optional.empty();
  }

  private String mac(String playerId, String sessionId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update("resume\0".getBytes(StandardCharsets.UTF_8));
      mac.update(playerId.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] out = mac.doFinal(sessionId.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out).substring(0, 27);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
