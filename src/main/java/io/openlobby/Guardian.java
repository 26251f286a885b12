package io.openlobby;

import io.openlobby.directory.LobbyIndex;
import io.openlobby.match.Queue;
import io.openlobby.player.Player;
import io.openlobby.room.JoinCode;
import io.openlobby.room.Membership;
import io.openlobby.room.Room;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * The root actor: joins the cluster (a node without seed nodes forms its own) and starts the
 * sharded entities on this node. The HTTP edge is bound by {@link LobbyServer}.
 */
public final class Guardian {
  private Guardian() {}

  public static Behavior<Void> create(Settings settings) {
    return Behaviors.setup(
        ctx -> {
          Cluster cluster = Cluster.get(ctx.getSystem());
          if (ctx.getSystem().settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
          }
          Player.init(ctx.getSystem(), settings);
          LobbyIndex.init(ctx.getSystem(), settings.listing().batchInterval());
          Room.init(ctx.getSystem(), settings);
          Membership.init(ctx.getSystem(), settings.askTimeout());
          JoinCode.init(ctx.getSystem());
          Queue.init(ctx.getSystem(), settings);
          return Behaviors.empty();
        });
  }
}
