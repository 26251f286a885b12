package io.openlobby.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.http.Json;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Several {@code lobby.update} diffs of one mode, not yet written, merged into one whose net effect
 * is the same: upserts by room id, the latest wins; removed ids merged; a room removed after its
 * upsert loses the upsert, a room upserted after its removal is no longer removed. Only made when a
 * socket is slow (two diffs of a mode waiting), so the diffs' shared text is parsed back here
 * rather than carried as objects by every session's message.
 */
final class LobbyMerge {
  private final String mode;
  private final Map<String, JsonNode> upserts = new LinkedHashMap<>();
  private final Set<String> removed = new LinkedHashSet<>();

  private LobbyMerge(String mode) {
    this.mode = mode;
  }

  /** Starts from the tail of a lobby.update frame (everything after its seq). */
  static LobbyMerge of(String tail) {
    JsonNode first = parse(tail);
    LobbyMerge merge = new LobbyMerge(first.path("mode").asText());
    merge.apply(first);
    return merge;
  }

  /** Folds in a later diff's tail. */
  void add(String tail) {
    apply(parse(tail));
  }

  private void apply(JsonNode diff) {
    for (JsonNode id : diff.path("removed")) {
      upserts.remove(id.asText());
      removed.add(id.asText());
    }
    for (JsonNode room : diff.path("upserts")) {
      String id = room.path("roomId").asText();
      removed.remove(id);
      upserts.remove(id); // re-inserted: the map's order follows the latest change
      upserts.put(id, room);
    }
  }

  /** The merged frame after its seq, in the same shape as {@code ServerFrame.LobbyUpdate}. */
  String tail() {
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("mode", mode);
    ArrayNode ups = out.putArray("upserts");
    upserts.values().forEach(ups::add);
    ArrayNode rem = out.putArray("removed");
    removed.forEach(rem::add);
    try {
      return "," + Json.MAPPER.writeValueAsString(out).substring(1);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode a merged lobby.update", e);
    }
  }

  private static JsonNode parse(String tail) {
    try {
      return Json.MAPPER.readTree("{" + tail.substring(1));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A lobby.update that is not JSON: " + tail, e);
    }
  }
}
