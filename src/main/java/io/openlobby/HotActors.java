package io.openlobby;

import org.apache.pekko.actor.typed.DispatcherSelector;

/**
 * The dispatcher of the few actors every player's traffic goes through: each mode's lobby index,
 * the node's lobby feed, each matchmaking queue. On the shared dispatcher their mailboxes get 5
 * messages per turn behind every other scheduled actor (a node holds ~19,000 sessions), so their
 * asks queued for seconds under load. Measured (docs/benchmarks.md): lobby.subscribe p99 at 19,000
 * subscribers 3.5 s -> 232 ms; ticket -> match.found p99 at 1,000 duelists 6.9 / 6.2 s -> 4.4 /
 * 4.2 s.
 */
public final class HotActors {
  public static final DispatcherSelector DISPATCHER = DispatcherSelector.fromConfig("lobby.hot-actors-dispatcher");

  private HotActors() {}
}
