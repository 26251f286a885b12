package io.openlobby.session;

import io.openlobby.Settings;
import io.openlobby.auth.ResumeTokens;
import io.openlobby.directory.LobbyFeed;
import java.time.Clock;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** What every session of a node shares: one object, so a session pays a single field for it. */
public record SessionDeps(
    Settings settings,
    ResumeTokens resumeTokens,
    ClusterSharding sharding,
    ActorRef<LobbyFeed.Command> lobbyFeed,
    RoomCalls roomCalls,
    Clock clock) {}
