package io.openlobby.session.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.http.Json;

/** Writes a {@link ServerFrame} as one JSON text: {@code type}, then {@code seq}, then its fields. */
public final class ServerFrameEncoder {
  private ServerFrameEncoder() {}

  /**
   * The part of a frame after its seq: {@code ,"field":...}}. Encoded once and shared by every
   * session that sends the same frame; {@link #withSeq} completes it per session.
   */
  public static String encodeAfterSeq(ServerFrame frame) {
    try {
      String fields = Json.MAPPER.writeValueAsString(frame);
      return fields.length() <= 2 ? "}" : "," + fields.substring(1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode " + frame.type(), e);
    }
  }

  /** A shared frame tail from {@link #encodeAfterSeq} with this session's type and seq in front. */
  public static String withSeq(String type, long seq, String tail) {
    return "{\"type\":\"" + type + "\",\"seq\":" + seq + tail;
  }

  public static String encode(ServerFrame frame, long seq) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("type", frame.type());
    out.put("seq", seq);
    out.setAll((ObjectNode) Json.MAPPER.valueToTree(frame));
    try {
      return Json.MAPPER.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode " + frame.type(), e);
    }
  }
}
