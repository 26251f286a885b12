package io.openlobby.loadgen;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A validated run: everything {@link Runner} needs. */
public record RunConfig(
    String scenario,
    List<URI> targets,
    int players,
    int ramp,
    Duration duration,
    List<InetAddress> sourceAddresses,
    Path reportDir,
    int maxInFlight,
    int maxAttempts,
    Duration stepTimeout,
    int ioThreads,
    boolean progress) {

  /** The target of player {@code index}: round-robin over the targets. */
  public URI targetFor(int index) {
    return targets.get(index % targets.size());
  }

  /** The local bind address of player {@code index}: round-robin over the source addresses. */
  public InetAddress sourceFor(int index) {
    return sourceAddresses.get(index % sourceAddresses.size());
  }

  /** The hard deadline after the start: ramp time + duration + 60 s . */
  public Duration hardDeadline() {
    return Pacing.hardDeadline(players, ramp, duration);
  }
}
