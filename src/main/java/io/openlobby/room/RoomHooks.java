package io.openlobby.room;

import java.util.List;

/**
 * What a room does besides persisting: tell the lobby about its changes (after every persisted
 * change and after recovery), tell its members, check after recovery who is still online, and leave
 * memory when it is closed or was never created.
 */
public interface RoomHooks {
  /** The state after a persisted change, or after recovery. */
  void changed(RoomState state);

  /** Tell these players (every session of each) about a room event. */
  void notify(List<String> playerIds, RoomEventView event);

  /** A private room was created with this join code. */
  void joinCode(String code, String roomId);

  /** The player is no longer in the room (kicked): its membership lets go of it. */
  void released(String playerId, String roomId);

  /** Mark these players in game (true) or not (false) in their presence. */
  void inGame(List<String> playerIds, boolean inGame);

  /** Ask Cluster Sharding to stop this entity (and forget it, with remembered entities). */
  void passivate();

  /**
   * Ask these members' Player entities whether they are online; tell the room {@link
   * Room.MemberAway} for each that is not (no answer: no verdict).
   */
  void checkOnline(List<String> playerIds);

  RoomHooks NONE =
      new RoomHooks() {
        @Override
        public void changed(RoomState state) {}

        @Override
        public void notify(List<String> playerIds, RoomEventView event) {}

        @Override
        public void joinCode(String code, String roomId) {}

        @Override
        public void released(String playerId, String roomId) {}

        @Override
        public void inGame(List<String> playerIds, boolean inGame) {}

        @Override
        public void passivate() {}

        @Override
        public void checkOnline(List<String> playerIds) {}
      };
}
