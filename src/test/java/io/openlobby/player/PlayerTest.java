package io.openlobby.player;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.openlobby.Settings;
import io.openlobby.session.Session;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.Done;
import io.openlobby.testkit.TestKits;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Player entity's rules, with probes standing in for sessions. */
class PlayerTest {
  private static final ActorTestKit testKit = TestKits.cluster();
  private static final Settings.Presence PRESENCE =
      new Settings.Presence(Duration.ofSeconds(1), Duration.ofMillis(500), 10, 2);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private ActorRef<Player.Command> player(String id) {
    return testKit.spawn(Player.create(id, PRESENCE, Duration.ofSeconds(30), Clock.systemUTC(), Optional.empty()));
  }

  private static Player.Attach attach(String sessionId, TestProbe<Session.Command> s) {
    return new Player.Attach(sessionId, s.ref(), PresenceStatus.ONLINE, null, Optional.empty());
  }

  private PresenceView watch(ActorRef<Player.Command> p, TestProbe<Session.Command> watcher) {
    p.tell(new Player.Watch(watcher.ref(), 7));
    Session.WatchResult result = (Session.WatchResult) watcher.receiveMessage();
    assertEquals(7, result.request());
    return result.view();
  }

  private static PresenceStatus nextStatus(TestProbe<Session.Command> watcher) {
    Session.PresenceUpdate u = (Session.PresenceUpdate) watcher.receiveMessage();
    return u.view().status();
  }

  @Test
  void onlineWhileAnySessionLivesAndOfflineWhenTheLastOneEnds() {
    ActorRef<Player.Command> p = player("p1");
    TestProbe<Session.Command> phone = testKit.createTestProbe();
    TestProbe<Session.Command> laptop = testKit.createTestProbe();
    TestProbe<Session.Command> watcher = testKit.createTestProbe();
    assertEquals(PresenceStatus.OFFLINE, watch(p, watcher).status());
    p.tell(attach("s1", phone));
    assertEquals(PresenceStatus.ONLINE, nextStatus(watcher));
    p.tell(attach("s2", laptop));
    p.tell(new Player.Detach("s1", phone.ref()));
    watcher.expectNoMessage(Duration.ofMillis(700));
    p.tell(new Player.Detach("s2", laptop.ref()));
    assertEquals(PresenceStatus.OFFLINE, nextStatus(watcher));
  }

  @Test
  void aStoppedSessionActorIsForgotten() {
    ActorRef<Player.Command> p = player("p2");
    TestProbe<Session.Command> session = testKit.createTestProbe();
    TestProbe<Session.Command> watcher = testKit.createTestProbe();
    watch(p, watcher);
    p.tell(attach("s1", session));
    assertEquals(PresenceStatus.ONLINE, nextStatus(watcher));
    session.stop(); // death watch, not a Detach
    assertEquals(PresenceStatus.OFFLINE, nextStatus(watcher));
  }

  @Test
  void aFlappingStatusIsCoalescedToTheFirstAndTheLatest() {
    ActorRef<Player.Command> p = player("p3");
    TestProbe<Session.Command> session = testKit.createTestProbe();
    TestProbe<Session.Command> watcher = testKit.createTestProbe();
    TestProbe<StatusReply<PresenceView>> replies = testKit.createTestProbe();
    p.tell(attach("s1", session));
    watch(p, watcher);
    for (PresenceStatus s :
        new PresenceStatus[] {PresenceStatus.AWAY, PresenceStatus.BUSY, PresenceStatus.AWAY, PresenceStatus.BUSY}) {
      p.tell(new Player.SetPresence("s1", session.ref(), s, null, replies.ref()));
    }
    replies.receiveSeveralMessages(4);
    // The online publish of the attach opened the interval; the four changes go out as one.
    assertEquals(PresenceStatus.BUSY, nextStatus(watcher));
    watcher.expectNoMessage(Duration.ofMillis(800));
  }

  @Test
  void invisibleIsOfflineToWatchersButNotToItself() {
    ActorRef<Player.Command> p = player("p4");
    TestProbe<Session.Command> session = testKit.createTestProbe();
    TestProbe<Session.Command> watcher = testKit.createTestProbe();
    p.tell(attach("s1", session));
    TestProbe<StatusReply<PresenceView>> reply = testKit.createTestProbe();
    p.tell(new Player.SetPresence("s1", session.ref(), PresenceStatus.INVISIBLE, "hiding", reply.ref()));
    assertEquals(PresenceStatus.INVISIBLE, reply.receiveMessage().getValue().status());
    PresenceView seen = watch(p, watcher);
    assertEquals(PresenceStatus.OFFLINE, seen.status());
    assertNull(seen.activity());
    TestProbe<PresenceView> get = testKit.createTestProbe();
    p.tell(new Player.GetPresence(true, get.ref()));
    assertEquals(PresenceStatus.INVISIBLE, get.receiveMessage().status());
    p.tell(new Player.GetPresence(false, get.ref()));
    assertEquals(PresenceStatus.OFFLINE, get.receiveMessage().status());
  }

  @Test
  void watchersBeyondTheCapAreRefusedAndAResumedSessionReplacesTheOld() {
    ActorRef<Player.Command> p = player("p5");
    watch(p, testKit.createTestProbe());
    watch(p, testKit.createTestProbe());
    TestProbe<Session.Command> third = testKit.createTestProbe();
    p.tell(new Player.Watch(third.ref(), 9));
    Session.WatchResult refused = (Session.WatchResult) third.receiveMessage();
    assertEquals("watchers_limit", refused.refused());
    assertNull(refused.view());

    TestProbe<Session.Command> old = testKit.createTestProbe();
    TestProbe<Session.Command> resumed = testKit.createTestProbe();
    TestProbe<Done> ack = testKit.createTestProbe();
    p.tell(attach("s1", old));
    p.tell(new Player.Attach("s1", resumed.ref(), PresenceStatus.ONLINE, null, Optional.of(ack.ref())));
    ack.receiveMessage();
    old.stop(); // the old actor goes after the hand-over: the player stays online
    TestProbe<Optional<ActorRef<Session.Command>>> found = testKit.createTestProbe();
    p.tell(new Player.FindSession("s1", found.ref()));
    assertEquals(resumed.ref(), found.receiveMessage().orElseThrow());
    TestProbe<PresenceView> get = testKit.createTestProbe();
    p.tell(new Player.GetPresence(false, get.ref()));
    assertEquals(PresenceStatus.ONLINE, get.receiveMessage().status());
  }

  @Test
  void anOfflineUnwatchedPlayerAsksItsShardToLetItGoEvenWhenALateDetachStartedIt() {
    TestProbe<ClusterSharding.ShardCommand> shard = testKit.createTestProbe();
    ActorRef<Player.Command> p =
        testKit.spawn(Player.create("p6", PRESENCE, Duration.ofSeconds(30), Clock.systemUTC(), Optional.of(shard.ref())));
    TestProbe<Session.Command> session = testKit.createTestProbe();
    p.tell(new Player.Detach("s-old", session.ref())); // a fresh entity: it never knew that session
    shard.expectMessageClass(ClusterSharding.Passivate.class);

    ActorRef<Player.Command> q =
        testKit.spawn(Player.create("p7", PRESENCE, Duration.ofSeconds(30), Clock.systemUTC(), Optional.of(shard.ref())));
    q.tell(attach("s1", session));
    shard.expectNoMessage(Duration.ofMillis(200)); // online: stays
    q.tell(new Player.Detach("s1", session.ref()));
    shard.expectMessageClass(ClusterSharding.Passivate.class); // offline and unwatched: goes
  }

  private static StatusReply<String> claim(ActorRef<Player.Command> p, String ticketId, TestProbe<StatusReply<String>> r) {
    p.tell(new Player.ClaimTicket(ticketId, r.ref()));
    return r.receiveMessage();
  }

  @Test
  void oneLiveTicketPerPlayerAndOnlyWithALiveSession() {
    ActorRef<Player.Command> p = player("tix");
    TestProbe<StatusReply<String>> r = testKit.createTestProbe();
    assertEquals("not_connected", claim(p, "t1", r).getError().getMessage());
    TestProbe<Session.Command> phone = testKit.createTestProbe();
    p.tell(new Player.Attach("s1", phone.ref(), PresenceStatus.ONLINE, null, Optional.empty(), "Tix", null, null));
    assertEquals("Tix", claim(p, "t1", r).getValue(), "the claim answers the player's name");
    assertEquals("Tix", claim(p, "t1", r).getValue(), "the same ticket again: idempotent");
    assertEquals("already_queued", claim(p, "t2", r).getError().getMessage());
    p.tell(new Player.ReleaseTicket("t2")); // not the live one: no effect
    assertEquals("already_queued", claim(p, "t2", r).getError().getMessage());
    p.tell(new Player.ReleaseTicket("t1"));
    assertEquals("Tix", claim(p, "t2", r).getValue());
  }

  @Test
  void aRebuiltEntityGetsTheLiveTicketBackFromItsSessions() {
    ActorRef<Player.Command> p = player("rebuilt");
    TestProbe<Session.Command> phone = testKit.createTestProbe();
    p.tell(new Player.Attach("s1", phone.ref(), PresenceStatus.ONLINE, null, Optional.empty(), "R", "t9", null));
    TestProbe<StatusReply<String>> r = testKit.createTestProbe();
    assertEquals("already_queued", claim(p, "t10", r).getError().getMessage());
  }

  @Test
  void matchNoticesReachEverySession() {
    ActorRef<Player.Command> p = player("noticed");
    TestProbe<Session.Command> phone = testKit.createTestProbe();
    TestProbe<Session.Command> laptop = testKit.createTestProbe();
    p.tell(attach("s1", phone));
    p.tell(attach("s2", laptop));
    io.openlobby.match.MatchNotice found =
        new io.openlobby.match.MatchNotice.Found("t1", "r1", "duel", java.util.List.of());
    p.tell(new Player.Notify(found));
    assertEquals(found, ((Session.Match) phone.receiveMessage()).notice());
    assertEquals(found, ((Session.Match) laptop.receiveMessage()).notice());
  }
}
