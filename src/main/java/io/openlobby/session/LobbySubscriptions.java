package io.openlobby.session;

import io.openlobby.directory.LobbyFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's lobby subscriptions, one per mode. Diffs that arrive before the mode's snapshot are
 * held, then only those newer than the snapshot go out; later ones go out if newer than the last.
 * Allocated on the first subscribe: an idle session has none.
 */
final class LobbySubscriptions {
  private static final class Sub {
    final LobbyFilter filter;
    long version = -1; // -1: snapshot not here yet
    List<Held> held;

    Sub(LobbyFilter filter) {
      this.filter = filter;
    }
  }

  /** A diff frame tail waiting for its mode's snapshot. */
  record Held(long version, String tail) {}

  private final Map<String, Sub> byMode = new HashMap<>(2);

  void subscribe(String mode, LobbyFilter filter) {
    byMode.put(mode, new Sub(filter));
  }

  boolean unsubscribe(String mode) {
    return byMode.remove(mode) != null;
  }

  /** The snapshot arrived: returns the held diffs that are newer, to send now. */
  List<String> snapshotArrived(String mode, long version) {
    Sub sub = byMode.get(mode);
    if (sub == null) {
      return List.of();
    }
    sub.version = version;
    List<String> out = new ArrayList<>();
    if (sub.held != null) {
      for (Held h : sub.held) {
        if (h.version() > sub.version) {
          out.add(h.tail());
          sub.version = h.version();
        }
      }
      sub.held = null;
    }
    return out;
  }

  /** A diff: true when it should go out now (it may be held, or be old). */
  boolean diffArrived(String mode, long version, String tail) {
    Sub sub = byMode.get(mode);
    if (sub == null) {
      return false;
    }
    if (sub.version < 0) {
      if (sub.held == null) {
        sub.held = new ArrayList<>(2);
      }
      sub.held.add(new Held(version, tail));
      return false;
    }
    if (version <= sub.version) {
      return false;
    }
    sub.version = version;
    return true;
  }

  /** mode -> filter, for a hand-over. */
  Map<String, LobbyFilter> filters() {
    Map<String, LobbyFilter> out = new HashMap<>();
    byMode.forEach((mode, sub) -> out.put(mode, sub.filter));
    return out;
  }
}
