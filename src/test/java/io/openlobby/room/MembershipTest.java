package io.openlobby.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The Membership entity's retention, with the in-memory journal and snapshot store (the testkit
 * round-trips every command, event and snapshot through the configured CBOR serializer).
 */
class MembershipTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(PersistenceTestKitSnapshotPlugin.config())
              .withFallback(
                  ConfigFactory.parseString(
                      "pekko.actor.provider = cluster\n"
                          + "pekko.remote.artery.canonical.port = 0\n"
                          + "pekko.actor.serialization-bindings {\"io.openlobby.CborSerializable\" = jackson-cbor}"))
              .withFallback(ConfigFactory.defaultReference()));

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void aLongHistoryIsSnapshottedAndDeletedAndTheStateSurvivesARestart() {
    var membership =
        EventSourcedBehaviorTestKit.<Membership.Command, Membership.Event, Membership.State>create(
            testKit.system(),
            Membership.create("veteran", ClusterSharding.get(testKit.system()), Duration.ofSeconds(3)));
    int rounds = 3 * Membership.SNAPSHOT_EVERY; // two events a round: six snapshots
    for (int i = 0; i < rounds; i++) {
      String room = "r-" + i;
      assertEquals(StatusReply.ack(), membership.<StatusReply<Done>>runCommand(r -> new Membership.Claim(room, r)).reply());
      assertEquals(StatusReply.ack(), membership.<StatusReply<Done>>runCommand(r -> new Membership.Release(room, r)).reply());
    }
    membership.<StatusReply<Done>>runCommand(r -> new Membership.Claim("r-last", r));
    int written = 2 * rounds + 1;

    int kept = membership.persistenceTestKit().persistedInStorage("Membership|veteran").size();
    // Events up to two snapshots back are deleted: far fewer than were written.
    assertTrue(kept <= 3 * Membership.SNAPSHOT_EVERY && kept < written / 2, kept + " of " + written + " events still stored");
    assertTrue(membership.snapshotTestKit().orElseThrow().persistedInStorage("Membership|veteran").size() >= 1);

    assertEquals("r-last", membership.restart().state().roomId());
    assertEquals(
        "r-last", membership.<StatusReply<String>>runCommand(Membership.Current::new).reply().getValue());
    membership.<StatusReply<Done>>runCommand(r -> new Membership.Release("r-last", r));
    assertNull(membership.restart().state().roomId());
  }
}
