package io.openlobby.session.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A frame the server sends. Each record's components are its JSON fields; {@code type} and {@code
 * seq} are added by {@link ServerFrameEncoder}. {@code re} echoes the request's {@code rid}.
 */
public sealed interface ServerFrame {
  String type();

  record Welcome(
      String playerId,
      String sessionId,
      String resumeToken,
      long serverTime,
      long heartbeatMs,
      boolean resumed)
      implements ServerFrame {
    public String type() {
      return "welcome";
    }
  }

  record Pong(JsonNode re) implements ServerFrame {
    public String type() {
      return "pong";
    }
  }

  record Ok(JsonNode re) implements ServerFrame {
    public String type() {
      return "ok";
    }
  }

  record Error(JsonNode re, String code, String message, boolean retryable) implements ServerFrame {
    public String type() {
      return "error";
    }
  }

  record RoomState(JsonNode re, WireRoom room) implements ServerFrame {
    public String type() {
      return "room.state";
    }
  }
}
