package io.openlobby.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Room entity's rules, with the in-memory journal; the testkit also round-trips every command,
 * event and state through the configured (Jackson CBOR) serializer.
 */
class RoomTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(
                  ConfigFactory.parseString(
                      "pekko.actor.provider = local\n"
                          + "pekko.actor.serialization-bindings {\"io.openlobby.CborSerializable\" = jackson-cbor}"))
              .withFallback(ConfigFactory.defaultReference()));
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(1_800_000_000_000L), ZoneOffset.UTC);

  private EventSourcedBehaviorTestKit<Room.Command, Room.Event, RoomState> room;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void fresh() {
    room = EventSourcedBehaviorTestKit.create(testKit.system(), Room.create("r-1", CLOCK, RoomHooks.NONE));
  }

  private List<Object> events() {
    return room.persistenceTestKit().persistedInStorage(Room.persistenceId("r-1").id());
  }

  private RoomView create(int maxPlayers, boolean isPrivate) {
    var result =
        room.<StatusReply<RoomView>>runCommand(
            replyTo ->
                new Room.Create("host", "Host", "duel", "Fri", "eu", maxPlayers, isPrivate,
                    Map.of("map", "dust"), replyTo));
    assertInstanceOf(Room.RoomCreated.class, result.event());
    return result.reply().getValue();
  }

  private StatusReply<RoomView> join(String playerId, String code) {
    return room.<StatusReply<RoomView>>runCommand(
            replyTo -> new Room.Join(playerId, playerId.toUpperCase(), code, replyTo))
        .reply();
  }

  private StatusReply<RoomView> leave(String playerId) {
    return room.<StatusReply<RoomView>>runCommand(replyTo -> new Room.Leave(playerId, replyTo))
        .reply();
  }

  @Test
  void createMakesTheHostTheFirstMember() {
    RoomView view = create(4, false);
    assertEquals("host", view.hostId());
    assertEquals(1, view.players());
    assertEquals(RoomView.Status.OPEN, view.status());
    assertEquals(1_800_000_000_000L, ((Room.RoomCreated) events().get(0)).at());
    assertNull(view.joinCode());
  }

  @Test
  void commandsBeforeCreateAreRoomNotFound() {
    assertEquals("room_not_found", join("p", null).getError().getMessage());
    assertEquals("room_not_found", leave("p").getError().getMessage());
    assertTrue(events().isEmpty());
  }

  @Test
  void createTwiceIsRefused() {
    create(4, false);
    var again =
        room.<StatusReply<RoomView>>runCommand(
            replyTo -> new Room.Create("other", "O", "duel", "x", "eu", 2, false, Map.of(), replyTo));
    assertEquals("room_exists", again.reply().getError().getMessage());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void capacityIsNeverExceeded() {
    create(3, false);
    assertTrue(join("a", null).isSuccess());
    RoomView full = join("b", null).getValue();
    assertEquals(RoomView.Status.FULL, full.status());
    assertEquals("room_full", join("c", null).getError().getMessage());
    assertEquals(3, ((RoomState.Live) room.getState()).members().size());
  }

  @Test
  void joiningTwiceIsIdempotent() {
    create(3, false);
    join("a", null);
    var again = room.<StatusReply<RoomView>>runCommand(r -> new Room.Join("a", "A", null, r));
    assertTrue(again.hasNoEvents());
    assertEquals(2, again.reply().getValue().players());
  }

  @Test
  void hostLeavingHandsTheRoomToTheLongestMemberAndTheLastLeaveCloses() {
    create(4, false);
    join("a", null);
    join("b", null);
    assertEquals("a", leave("host").getValue().hostId());
    assertEquals("not_in_room", leave("host").getError().getMessage());
    leave("b");
    RoomView closed = leave("a").getValue();
    assertEquals(RoomView.Status.CLOSED, closed.status());
    assertInstanceOf(RoomState.Closed.class, room.getState());
    assertEquals("room_closed", join("c", null).getError().getMessage());
    List<Class<?>> kinds = events().stream().<Class<?>>map(Object::getClass).toList();
    assertEquals(
        List.of(Room.RoomCreated.class, Room.PlayerJoined.class, Room.PlayerJoined.class,
            Room.PlayerLeft.class, Room.HostChanged.class, Room.PlayerLeft.class,
            Room.PlayerLeft.class, Room.RoomClosed.class),
        kinds);
  }

  @Test
  void aPrivateRoomAdmitsOnlyHoldersOfItsCode() {
    RoomView view = create(4, true);
    String code = view.joinCode();
    assertNotNull(code);
    assertEquals(6, code.length());
    assertEquals("room_not_found", join("a", null).getError().getMessage());
    assertEquals("room_not_found", join("a", "WRONG1").getError().getMessage());
    assertTrue(join("a", code).isSuccess());
  }

  @Test
  void stateSurvivesRestartFromTheJournal() {
    create(4, true);
    join("a", ((RoomState.Live) room.getState()).joinCode());
    RoomState before = room.getState();
    room.restart();
    assertEquals(before, room.getState());
  }

  private StatusReply<RoomView> run(java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<StatusReply<RoomView>>, Room.Command> command) {
    return room.<StatusReply<RoomView>>runCommand(command::apply).reply();
  }

  @Test
  void onlyTheHostKicksAndStartsAndOnlyWhenEveryoneIsReady() {
    create(4, false);
    join("a", null);
    join("b", null);
    assertEquals("not_host", run(r -> new Room.Kick("a", "b", r)).getError().getMessage());
    assertEquals("not_host", run(r -> new Room.Start("a", r)).getError().getMessage());
    assertEquals("not_ready", run(r -> new Room.Start("host", r)).getError().getMessage());
    assertTrue(run(r -> new Room.SetReady("a", true, r)).isSuccess());
    assertEquals("not_in_room", run(r -> new Room.SetReady("zed", true, r)).getError().getMessage());
    RoomView afterKick = run(r -> new Room.Kick("host", "b", r)).getValue();
    assertEquals(2, afterKick.players());
    assertEquals("not_in_room", run(r -> new Room.Kick("host", "b", r)).getError().getMessage());
    assertEquals("not_in_room", run(r -> new Room.Kick("host", "host", r)).getError().getMessage());
    assertTrue(run(r -> new Room.Chat("a", "glhf", r)).isSuccess());
    assertEquals("not_in_room", run(r -> new Room.Chat("b", "let me in", r)).getError().getMessage());
    RoomView started = run(r -> new Room.Start("host", r)).getValue();
    assertEquals(RoomView.Status.IN_GAME, started.status());
    assertEquals("room_in_game", join("c", null).getError().getMessage());
    assertEquals("room_in_game", run(r -> new Room.Start("host", r)).getError().getMessage());
    List<Class<?>> kinds = events().stream().<Class<?>>map(Object::getClass).toList();
    assertEquals(
        List.of(Room.RoomCreated.class, Room.PlayerJoined.class, Room.PlayerJoined.class,
            Room.ReadyChanged.class, Room.PlayerKicked.class, Room.ChatPosted.class, Room.GameStarted.class),
        kinds);
  }

  // ---- members gone for good (issue #4) ----------------------------------------------------

  /** Hooks that remember what the room let go of and whom it checked. */
  private static final class Recording implements RoomHooks {
    final List<String> released = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<RoomEventView> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    final org.apache.pekko.actor.testkit.typed.javadsl.TestProbe<List<String>> checked =
        testKit.createTestProbe();

    @Override public void changed(RoomState state) {}
    @Override public void notify(List<String> playerIds, RoomEventView event) { told.add(event); }
    @Override public void joinCode(String code, String roomId) {}
    @Override public void released(String playerId, String roomId) { released.add(playerId); }
    @Override public void inGame(List<String> playerIds, boolean inGame) {}
    @Override public void passivate() {}
    @Override public void checkOnline(List<String> playerIds) { checked.ref().tell(playerIds); }
  }

  private Recording recording(java.time.Duration checkAfter) {
    Recording hooks = new Recording();
    room = EventSourcedBehaviorTestKit.create(testKit.system(), Room.create("r-1", CLOCK, hooks, checkAfter));
    return hooks;
  }

  private List<Class<?>> kinds(int from) {
    List<Object> all = events();
    return all.subList(from, all.size()).stream().<Class<?>>map(Object::getClass).toList();
  }

  private RoomView startedWithA() {
    create(4, false);
    join("a", null);
    run(r -> new Room.SetReady("a", true, r));
    return run(r -> new Room.Start("host", r)).getValue();
  }

  @Test
  void anOpenRoomLetsAMemberGoneForGoodGoAndTheLastOneClosesIt() {
    Recording hooks = recording(java.time.Duration.ZERO);
    create(4, false);
    join("a", null);
    assertTrue(run(r -> new Room.MemberAway("zed", r)).isSuccess(), "a stale hint changes nothing");
    assertEquals(2, events().size());
    RoomView after = run(r -> new Room.MemberAway("host", r)).getValue();
    assertEquals(1, after.players());
    assertEquals("a", after.hostId());
    assertEquals(List.of(Room.PlayerLeft.class, Room.HostChanged.class), kinds(2));
    assertEquals(List.of("host"), hooks.released);
    assertEquals(List.of("joined", "left", "host_changed"), hooks.told.stream().map(RoomEventView::event).toList());
    assertEquals(RoomView.Status.CLOSED, run(r -> new Room.MemberAway("a", r)).getValue().status());
    assertEquals(List.of(Room.PlayerLeft.class, Room.RoomClosed.class), kinds(4));
  }

  @Test
  void aGameKeepsAnAwayMemberUntilEveryMemberIsAwayThenCloses() {
    Recording hooks = recording(java.time.Duration.ZERO);
    startedWithA();
    int before = events().size();
    RoomView away = run(r -> new Room.MemberAway("host", r)).getValue();
    assertEquals(2, away.players(), "an away member stays a member");
    assertEquals(List.of("host"), away.away());
    assertEquals("a", away.hostId(), "the host hands the game to a member that is not away");
    assertTrue(hooks.released.isEmpty());
    assertEquals(List.of(Room.MemberWentAway.class, Room.HostChanged.class), kinds(before));

    assertTrue(run(r -> new Room.MemberBack("host", r)).getValue().away().isEmpty());
    run(r -> new Room.MemberAway("host", r));
    assertTrue(run(r -> new Room.Chat("host", "back", r)).getValue().away().isEmpty(), "a command clears it");
    run(r -> new Room.MemberAway("host", r));
    room.restart();
    assertEquals(List.of("host"), ((RoomState.Live) room.getState()).away(), "survives a restart");

    RoomView closed = run(r -> new Room.MemberAway("a", r)).getValue();
    assertEquals(RoomView.Status.CLOSED, closed.status());
    assertEquals(List.of(Room.MemberWentAway.class, Room.RoomAbandoned.class), kinds(events().size() - 2));
    assertEquals(List.of("a", "host"), hooks.released.stream().sorted().toList());
    RoomEventView last = hooks.told.get(hooks.told.size() - 1);
    assertEquals("closed", last.event());
    assertEquals("abandoned", last.reason());
  }

  @Test
  void aGameWhoseLastPresentMemberLeavesIsAbandoned() {
    Recording hooks = recording(java.time.Duration.ZERO);
    startedWithA();
    run(r -> new Room.MemberAway("a", r));
    assertEquals(RoomView.Status.CLOSED, leave("host").getValue().status());
    assertEquals(List.of(Room.PlayerLeft.class, Room.RoomAbandoned.class), kinds(events().size() - 2));
    assertEquals(List.of("a"), hooks.released, "the session releases the leaver; the room the rest");
  }

  @Test
  void aRecoveredRoomChecksItsMembersOnceAfterTheDelay() {
    Recording hooks = recording(java.time.Duration.ofMillis(50));
    create(4, false);
    join("a", null);
    hooks.checked.expectNoMessage(java.time.Duration.ofMillis(200)); // a room created live does not check
    room.restart();
    assertEquals(List.of("host", "a"), hooks.checked.receiveMessage());
    hooks.checked.expectNoMessage(java.time.Duration.ofMillis(200));
  }
}
