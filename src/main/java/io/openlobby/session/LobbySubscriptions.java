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
        if (h.version() == sub.version + 1) {
          out.add(h.tail());
          sub.version = h.version();
        }
      }
      sub.held = null;
    }
    return out;
  }

  /** What to do with a diff that arrived. */
  enum Verdict {
    SEND,
    HOLD,
    DROP,
    /** Diffs were missed (the Topic drops what is published before it knows a new subscriber). */
    RESNAPSHOT
  }

  Verdict diffArrived(String mode, long version, String tail) {
    Sub sub = byMode.get(mode);
    if (sub == null) {
      return Verdict.DROP;
    }
    if (sub.version < 0) {
      if (sub.held == null) {
        sub.held = new ArrayList<>(2);
      }
      sub.held.add(new Held(version, tail));
      return Verdict.HOLD;
    }
    if (version <= sub.version) {
      return Verdict.DROP;
    }
    if (version > sub.version + 1) {
      return Verdict.RESNAPSHOT;
    }
    sub.version = version;
    return Verdict.SEND;
  }

  LobbyFilter filter(String mode) {
    Sub sub = byMode.get(mode);
    return sub == null ? null : sub.filter;
  }

  /** mode -> filter, for a hand-over. */
  Map<String, LobbyFilter> filters() {
    Map<String, LobbyFilter> out = new HashMap<>();
    byMode.forEach((mode, sub) -> out.put(mode, sub.filter));
    return out;
  }
}
