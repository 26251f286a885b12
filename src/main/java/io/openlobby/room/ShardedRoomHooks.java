package io.openlobby.room;

import io.openlobby.directory.LobbyIndex;
import io.openlobby.directory.RoomSummary;
import io.openlobby.player.Player;
import io.openlobby.player.PresenceStatus;
import io.openlobby.player.PresenceView;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.pattern.StatusReply;

/**
 * The hooks of a sharded room: its mode's {@link LobbyIndex}, its members' Player entities (which
 * reach every session of theirs), and its shard for passivation.
 */
final class ShardedRoomHooks implements RoomHooks {
  private final ClusterSharding sharding;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final ActorRef<Room.Command> self;
  private final ActorRef<StatusReply<Done>> ignore;
  private final ActorRef<StatusReply<RoomView>> ignoreView;
  private final Duration askTimeout;
  // What this incarnation last told the lobby. Chat and ready events do not change a room's
  // summary; telling the lobby anyway made every chat line a lobby.update to every subscriber of
  // the mode (500 players chatting every 2 s: most of the lobby traffic, all of it repeats).
  private RoomSummary lastTold;

  ShardedRoomHooks(
      ClusterSharding sharding,
      ActorRef<ClusterSharding.ShardCommand> shard,
      ActorRef<Room.Command> self,
      ActorSystem<?> system,
      Duration askTimeout) {
    this.sharding = sharding;
    this.shard = shard;
    this.self = self;
    this.ignore = system.ignoreRef();
    this.ignoreView = system.ignoreRef();
    this.askTimeout = askTimeout;
  }

  @Override
  public void changed(RoomState state) {
    if (state instanceof RoomState.Live live && !live.isPrivate()) {
      RoomSummary summary = RoomSummary.of(live.view(), live.createdAt());
      if (!summary.equals(lastTold)) { // a new incarnation (after recovery) always tells
        lastTold = summary;
        index(live.mode()).tell(new LobbyIndex.Upsert(summary));
      }
    } else if (state instanceof RoomState.Closed closed && !closed.last().isPrivate()) {
      index(closed.last().mode()).tell(new LobbyIndex.Remove(closed.last().roomId()));
    }
  }

  private EntityRef<LobbyIndex.Command> index(String mode) {
    return sharding.entityRefFor(LobbyIndex.ENTITY_KEY, mode);
  }

  @Override
  public void notify(List<String> playerIds, RoomEventView event) {
    tellPlayers(playerIds, new Player.Deliver(event));
  }

  @Override
  public void joinCode(String code, String roomId) {
    sharding.entityRefFor(JoinCode.ENTITY_KEY, code).tell(new JoinCode.Claim(roomId));
  }

  @Override
  public void released(String playerId, String roomId) {
    sharding
        .entityRefFor(Membership.ENTITY_KEY, playerId)
        .tell(new Membership.Release(roomId, ignore));
  }

  @Override
  public void inGame(List<String> playerIds, boolean inGame) {
    tellPlayers(playerIds, new Player.SetInGame(inGame));
  }

  private void tellPlayers(List<String> playerIds, Player.Command message) {
    Player.tellEach(sharding, playerIds, message);
  }

  @Override
  public void checkOnline(List<String> playerIds) {
    for (String id : playerIds) {
      sharding
          .entityRefFor(Player.ENTITY_KEY, id)
          .ask((ActorRef<PresenceView> r) -> new Player.GetPresence(true, r), askTimeout)
          .thenAccept(
              presence -> {
                if (presence.status() == PresenceStatus.OFFLINE) {
                  self.tell(new Room.MemberAway(id, ignoreView));
                }
              });
    }
  }

  @Override
  public void passivate() {
    shard.tell(new ClusterSharding.Passivate<>(self));
  }
}
