package io.openlobby.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.http.Json;
import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.ServerFrameEncoder;
import io.openlobby.session.wire.WireRoomSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merged lobby diffs have the net effect of the diffs in order, in the frame's own shape. */
class LobbyMergeTest {
  private static WireRoomSummary room(String id, int players) {
    return new WireRoomSummary(id, "m", "n-" + id, "local", "h", players, 4, "open", Map.of());
  }

  private static String tail(List<WireRoomSummary> upserts, List<String> removed) {
    return ServerFrameEncoder.encodeAfterSeq(new ServerFrame.LobbyUpdate("m", upserts, removed));
  }

  @Test
  void latestUpsertWinsRemovalsMergeAndARemovedRoomLosesItsUpsert() throws Exception {
    LobbyMerge merge = LobbyMerge.of(tail(List.of(room("a", 1), room("b", 1)), List.of("x")));
    merge.add(tail(List.of(room("a", 2), room("x", 3)), List.of("b")));
    merge.add(tail(List.of(room("c", 1)), List.of("y")));
    JsonNode frame = Json.MAPPER.readTree(ServerFrameEncoder.withSeq("lobby.update", 7, merge.tail()));

    String expected =
        ServerFrameEncoder.withSeq(
            "lobby.update", 7, tail(List.of(room("a", 2), room("x", 3), room("c", 1)), List.of("b", "y")));
    assertEquals(Json.MAPPER.readTree(expected), frame);
  }

  @Test
  void anUnmergedTailRoundTripsUnchanged() {
    String t = tail(List.of(room("a", 1)), List.of("z"));
    assertEquals(t, LobbyMerge.of(t).tail());
  }
}
