package io.openlobby;

import io.openlobby.directory.LobbyCursor;
import io.openlobby.directory.LobbyDiff;
import io.openlobby.directory.LobbyFilter;
import io.openlobby.directory.LobbyIndex;
import io.openlobby.directory.RoomSummary;
import io.openlobby.match.MatchNotice;
import io.openlobby.match.MatchTicket;
import io.openlobby.match.Queue;
import io.openlobby.match.TicketStatus;
import io.openlobby.match.TicketView;
import io.openlobby.player.Player;
import io.openlobby.player.PresenceStatus;
import io.openlobby.player.PresenceView;
import io.openlobby.room.JoinCode;
import io.openlobby.room.Membership;
import io.openlobby.room.Room;
import io.openlobby.room.RoomEventView;
import io.openlobby.room.RoomState;
import io.openlobby.room.RoomView;
import io.openlobby.session.Session;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import io.openlobby.testkit.TestKits;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every message that crosses the cluster, every event and every state round-trips through the
 * serializer the application configures (Jackson CBOR via {@link CborSerializable}).
 */
class SerializationTest {
  private static final ActorTestKit testKit = TestKits.cluster();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static void roundTrip(Object... messages) {
    for (Object m : messages) {
      testKit.serializationTestKit().verifySerialization(m, true);
    }
  }

  @Test
  void roomMessagesEventsAndStates() {
    ActorRef<StatusReply<RoomView>> reply = testKit.<StatusReply<RoomView>>createTestProbe().ref();
    RoomState.Member member = new RoomState.Member("p1", "P", true);
    RoomState.Live live =
        new RoomState.Live("r1", "duel", "n", "eu", 2, true, Map.of("map", "x"), "ABC123", "p1", List.of(member), true, 5L);
    roundTrip(
        new Room.Create("p1", "P", "duel", "n", "eu", 2, false, Map.of("k", "v"), reply),
        new Room.Join("p2", "Q", null, reply),
        new Room.Leave("p2", reply),
        new Room.Get(reply),
        new Room.RoomCreated("r1", "p1", "P", "duel", "n", "eu", 2, true, Map.of(), "ABC123", 1L),
        new Room.PlayerJoined("p2", "Q", 2L),
        new Room.PlayerLeft("p2", 3L),
        new Room.HostChanged("p2", 4L),
        new Room.RoomClosed(5L),
        new Room.SetReady("p2", true, reply),
        new Room.Kick("p1", "p2", reply),
        new Room.Chat("p1", "gg", reply),
        new Room.Start("p1", reply),
        new Room.ReadyChanged("p2", true, 6L),
        new Room.PlayerKicked("p2", "p1", 7L),
        new Room.ChatPosted("p1", "gg", 8L),
        new Room.GameStarted(9L),
        new Room.MemberAway("p2", reply),
        new Room.MemberBack("p2", reply),
        new Room.MemberWentAway("p2", 10L),
        new Room.MemberReturned("p2", 11L),
        new Room.RoomAbandoned(12L),
        new RoomState.Live("r1", "duel", "n", "eu", 2, true, Map.of(), null, "p1", List.of(member), true, 5L,
            List.of(List.of("p1")), List.of("p1")),
        new RoomEventView("r1", "closed", null, null, null, null, null, 13L, "abandoned"),
        new RoomState.Empty(),
        live,
        new RoomState.Closed(live, 6L),
        new RoomView("r1", "duel", "n", "eu", "p1", 1, 2, RoomView.Status.FULL, Map.of(), true, "ABC123",
            List.of(member), List.of(List.of("p1"))),
        new Room.MatchRoomCreated("r2", "m-1", "squads", "eu", List.of(List.of(member), List.of(member)), 3L));
  }

  @Test
  void playerAndSessionMessages() {
    ActorRef<Session.Command> session = testKit.<Session.Command>createTestProbe().ref();
    PresenceView view = new PresenceView("p1", PresenceStatus.AWAY, null, 9L);
    Queue.Waiting waiting =
        new Queue.Waiting(new MatchTicket("t1", List.of("p1", "p2"), 1500.5, 7L), "eu", Map.of("p1", "ann"));
    roundTrip(
        new Player.Attach("s1", session, PresenceStatus.BUSY, "raid", Optional.empty()),
        new Player.Attach("s1", session, PresenceStatus.ONLINE, null,
            Optional.of(testKit.<Done>createTestProbe().ref())),
        new Player.Detach("s1", session),
        new Player.SetPresence("s1", session, PresenceStatus.INVISIBLE, null,
            testKit.<StatusReply<PresenceView>>createTestProbe().ref()),
        new Player.SetInGame(true),
        new Player.Watch(session, 0),
        new Player.Watch(session, 3),
        new Session.WatchResult(3, "p1", view, null),
        new Session.WatchResult(4, "p1", null, "watchers_limit"),
        new Player.Unwatch(session),
        new Player.GetPresence(false, testKit.<PresenceView>createTestProbe().ref()),
        new Player.FindSession("s1", testKit.<Optional<ActorRef<Session.Command>>>createTestProbe().ref()),
        new Player.Stop(),
        new Player.HandOff(),
        new Player.Attach("s1", session, PresenceStatus.ONLINE, null, Optional.empty(), "ann", "t.duel.eu.abcdefghijkm", "r1"),
        new Player.ClaimTicket("t.duel.eu.abcdefghijkm", testKit.<StatusReply<String>>createTestProbe().ref()),
        new Player.ReleaseTicket("t.duel.eu.abcdefghijkm"),
        new Player.Notify(new MatchNotice.Status("t1", TicketStatus.PROPOSED, 0, -1, null, "m-1", 9L)),
        new Session.Match(new MatchNotice.Found("t1", "r1", "duel", List.of(List.of("p1"), List.of("p2")))),
        new Queue.Enqueue(waiting, testKit.<StatusReply<TicketView>>createTestProbe().ref()),
        new Queue.Answer("t1", "p1", true, testKit.<StatusReply<Done>>createTestProbe().ref()),
        new Queue.MemberLeft("t1", "p1"),
        new Queue.Restore(List.of(waiting), List.of()),
        new TicketView("t1", TicketStatus.SEARCHING, "duel", "eu", List.of("p1"), 3, 4000L, null, null),
        new Session.RegisterAgain("p1"),
        view,
        new Session.PresenceUpdate(view),
        new Session.HandOver(4L, testKit.<Session.HandOverReply>createTestProbe().ref()),
        new Session.HandedOver(3L, List.of("{\"seq\":3}"), 3L, List.of("p2"), PresenceStatus.AWAY, null, "r1",
            Map.of("duel", new LobbyFilter("eu", true, Map.of("map", "dust")))),
        new Session.HandOverRefused(),
        new Session.Release(),
        new Player.Deliver(new RoomEventView("r1", "ready", "p2", null, true, null, null, 3L)),
        new Session.RoomEvent(new RoomEventView("r1", "chat", "p1", null, null, null, "hi", 4L)),
        new LobbyIndex.Upsert(summary()),
        new LobbyIndex.Remove("r1"),
        new LobbyIndex.Query(LobbyFilter.OPEN, Optional.of(new LobbyCursor(1L, "r1")), 10,
            testKit.<LobbyIndex.Page>createTestProbe().ref()),
        new LobbyIndex.Page(List.of(summary()), Optional.empty(), 3L),
        new LobbyDiff("duel", 4L, List.of(summary()), List.of("r2")),
        new Membership.Claim("r1", testKit.<StatusReply<Done>>createTestProbe().ref()),
        new Membership.Release("r1", testKit.<StatusReply<Done>>createTestProbe().ref()),
        new Membership.Current(testKit.<StatusReply<String>>createTestProbe().ref()),
        new Membership.Claimed("r1"),
        new Membership.Released("r1"),
        new Membership.State(null),
        new JoinCode.Claim("r1"),
        new JoinCode.Resolve(testKit.<StatusReply<String>>createTestProbe().ref()),
        new JoinCode.Claimed("r1"),
        new JoinCode.State("r1"));
  }

  private static RoomSummary summary() {
    return new RoomSummary("r1", "duel", "n", "eu", "p1", 1, 2, RoomView.Status.OPEN, Map.of("map", "dust"), 7L);
  }

  /** A room snapshot written before members could be away (no {@code away}) reads as nobody away. */
  @Test
  void aRoomSnapshotFromBeforeAwayMembersStillReads() throws Exception {
    RoomState.Live live =
        new RoomState.Live("r1", "duel", "n", "eu", 2, false, Map.of(), null, "p1",
            List.of(new RoomState.Member("p1", "P", false)), true, 5L);
    var serialization = org.apache.pekko.serialization.SerializationExtension.get(testKit.system());
    var serializer = (org.apache.pekko.serialization.SerializerWithStringManifest) serialization.findSerializerFor(live);
    var cbor = new com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper();
    var tree = (com.fasterxml.jackson.databind.node.ObjectNode) cbor.readTree(serializer.toBinary(live));
    org.junit.jupiter.api.Assertions.assertNotNull(tree.remove("away"), "the field as written today");
    Object read = serializer.fromBinary(cbor.writeValueAsBytes(tree), serializer.manifest(live));
    org.junit.jupiter.api.Assertions.assertEquals(live, read);
  }
}
