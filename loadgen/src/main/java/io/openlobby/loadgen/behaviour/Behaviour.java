package io.openlobby.loadgen.behaviour;

import io.openlobby.loadgen.scenario.LivePlayer;

/** What one group of players does during the hold; each is driven by frames and timers, never a thread. */
public interface Behaviour {
  String name();

  /** A player of this behaviour came online (during the ramp). */
  void add(LivePlayer player);

  /** The ramp is over: start acting. */
  void start();

  /** The hold and the drain after it are over (nothing new was started since the hold's end). */
  void stop();

  /** Called once a second during the run. */
  default void tick() {}

  /** Players of this behaviour in this process. */
  int players();
}
