package io.openlobby.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResumeTokensTest {
  private final ResumeTokens tokens =
      new ResumeTokens("resume-secret-resume-secret-resume-secret".getBytes(StandardCharsets.UTF_8));

  @Test
  void aTokenNamesItsSessionForItsPlayerOnly() {
    String token = tokens.issue("alice", "s-1");
    assertEquals("s-1", tokens.sessionOf("alice", token).orElseThrow());
    assertTrue(tokens.sessionOf("bob", token).isEmpty());
    assertTrue(tokens.sessionOf("alice", token.replace("s-1", "s-2")).isEmpty());
    assertTrue(tokens.sessionOf("alice", token + "x").isEmpty());
    assertTrue(tokens.sessionOf("alice", "garbage").isEmpty());
    assertTrue(tokens.sessionOf("alice", null).isEmpty());
    ResumeTokens otherKey = new ResumeTokens("another-key-another-key-another-key".getBytes(StandardCharsets.UTF_8));
    assertTrue(otherKey.sessionOf("alice", token).isEmpty());
  }
}
