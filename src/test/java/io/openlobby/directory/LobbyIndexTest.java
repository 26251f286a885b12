package io.openlobby.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.openlobby.room.RoomView;
import io.openlobby.testkit.TestKits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A lobby index that Cluster Sharding moves hands its rooms and diff version to its new
 * incarnation: the lobby is not empty after a rebalance and subscribers see no version gap.
 */
class LobbyIndexTest {
  private static final ActorTestKit testKit = TestKits.cluster();
  private static final Duration BATCH = Duration.ofMillis(50);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static RoomSummary room(String id, int players) {
    return new RoomSummary(id, "moved", "n", "eu", "h", players, 4, RoomView.Status.OPEN, Map.of(), 1L);
  }

  private static List<String> roomIds(ActorRef<LobbyIndex.Command> index) {
    TestProbe<LobbyIndex.Page> reply = testKit.createTestProbe();
    index.tell(new LobbyIndex.Query(new LobbyFilter(null, false, Map.of()), Optional.empty(), 10, reply.ref()));
    return reply.receiveMessage().rooms().stream().map(RoomSummary::roomId).sorted().toList();
  }

  @Test
  void aHandOffGivesTheRoomsAndTheVersionToTheNewIncarnation() {
    TestProbe<LobbyIndex.Restore> handedOver = testKit.createTestProbe();
    ActorRef<LobbyIndex.Command> old =
        testKit.spawn(LobbyIndex.create("moved", BATCH, handedOver.ref()::tell));
    TestProbe<LobbyDiff> diffs = testKit.createTestProbe();
    testKit.spawn(Topic.create(LobbyDiff.class, LobbyIndex.topicName("moved"))).tell(Topic.subscribe(diffs.ref()));
    // The topic learns of its subscriber through the receptionist: change rooms until a diff arrives.
    LobbyDiff seen = null;
    for (int i = 0; seen == null && i < 100; i++) {
      old.tell(new LobbyIndex.Upsert(room("r1", 1)));
      try {
        seen = diffs.receiveMessage(Duration.ofMillis(200));
      } catch (AssertionError none) {
        // not subscribed yet
      }
    }
    diffs.receiveSeveralMessages(0, Duration.ofMillis(200));
    old.tell(new LobbyIndex.Upsert(room("r2", 1)));
    old.tell(new LobbyIndex.Upsert(room("gone", 1)));
    LobbyDiff last = diffs.expectMessageClass(LobbyDiff.class);
    old.tell(new LobbyIndex.Remove("gone")); // removed, and handed over before it was published
    old.tell(new LobbyIndex.HandOff());
    LobbyIndex.Restore restore = handedOver.receiveMessage();
    assertEquals(last.version(), restore.version());
    assertEquals(List.of("gone"), restore.removed());

    ActorRef<LobbyIndex.Command> next =
        testKit.spawn(LobbyIndex.create("moved", BATCH, handedOver.ref()::tell));
    next.tell(new LobbyIndex.Upsert(room("r2", 3))); // a change that reached the new one first wins
    next.tell(restore);
    assertEquals(List.of("r1", "r2"), roomIds(next));
    LobbyDiff first = diffs.expectMessageClass(LobbyDiff.class);
    assertEquals(last.version() + 1, first.version(), "subscribers see no gap in the versions");
    assertEquals(List.of("gone"), first.removed());
    assertEquals(
        3,
        first.upserts().stream().filter(r -> r.roomId().equals("r2")).findFirst().orElseThrow().players());
  }
}
