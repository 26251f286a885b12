package io.openlobby.ops;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.stream.connectors.cassandra.CassandraSessionSettings;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * Whether this node can serve: it is an Up member of the cluster, and Cassandra answers a query
 * against our keyspace (so a missing schema shows as not ready, not as failures later).
 */
public final class Readiness {
  /** The outcome, with a reason an operator can act on. */
  public record Status(boolean ready, String detail) {}

  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

  private final ActorSystem<?> system;
  private final CassandraSession cassandra;
  private final String keyspace;

  public Readiness(ActorSystem<?> system, String keyspace) {
    this.system = system;
    this.keyspace = keyspace;
    // The same session (config path) as the persistence plugin: no second connection pool.
    this.cassandra =
        CassandraSessionRegistry.get(system)
            .sessionFor(CassandraSessionSettings.create("pekko.persistence.cassandra"));
  }

  public CompletionStage<Status> check() {
    MemberStatus member = Cluster.get(system).selfMember().status();
    if (member != MemberStatus.up()) {
      return CompletableFuture.completedFuture(
          new Status(false, "cluster member status is " + member + ", not Up"));
    }
    return cassandra
        .selectOne(
            "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace)
        .toCompletableFuture()
        .orTimeout(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (row, failure) -> {
              if (failure != null) {
                return new Status(false, "Cassandra does not answer: " + failure.getMessage());
              }
              return row.isPresent()
                  ? new Status(true, "cluster Up, Cassandra answers, keyspace " + keyspace + " exists")
                  : new Status(false, "keyspace " + keyspace + " does not exist: apply cassandra/schema.cql");
            });
  }
}
