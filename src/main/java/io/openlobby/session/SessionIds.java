package io.openlobby.session;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random, unguessable ids for sessions and rooms ({@code prefix} + 20 hex digits). */
public final class SessionIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionIds() {}

  public static String next(String prefix) {
    byte[] bytes = new byte[10];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes);
  }
}
