package io.openlobby.session.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.http.Json;

/** Writes a {@link ServerFrame} as one JSON text: {@code type}, then {@code seq}, then its fields. */
public final class ServerFrameEncoder {
  private ServerFrameEncoder() {}

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
