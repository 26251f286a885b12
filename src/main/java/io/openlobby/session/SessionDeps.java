package io.openlobby.session;

import io.openlobby.Settings;
import io.openlobby.auth.ResumeTokens;
import java.time.Clock;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/** What every session of a node shares: one object, so a session pays a single field for it. */
public record SessionDeps(
    Settings settings, ResumeTokens resumeTokens, ClusterSharding sharding, Clock clock) {}
