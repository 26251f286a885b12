package io.openlobby.session;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The last frames a session sent, numbered by {@code seq}, so that a resume replays exactly what the
 * client missed. Bounded by count; allocated with the first frame. Not thread-safe: one session
 * actor owns it.
 */
final class ReplayBuffer {
  private final int capacity;
  private ArrayDeque<String> frames;
  private long firstSeq = 1;

  ReplayBuffer(int capacity) {
    this.capacity = capacity;
  }

  /** Records frame {@code seq}; seqs must be added in order without gaps. */
  void add(long seq, String frame) {
    if (frames == null) {
      frames = new ArrayDeque<>(Math.min(capacity, 8));
      firstSeq = seq;
    }
    frames.addLast(frame);
    if (frames.size() > capacity) {
      frames.removeFirst();
      firstSeq++;
    }
  }

  /**
   * The frames after {@code lastSeq} up to {@code currentSeq}, oldest first; empty when some of them
   * are no longer held (or lastSeq is ahead of what was sent), so that a resume never skips.
   */
  Optional<List<String>> after(long lastSeq, long currentSeq) {
    if (lastSeq < 0 || lastSeq > currentSeq) {
      return Optional.empty();
    }
    if (lastSeq == currentSeq) {
      return Optional.of(List.of());
    }
    if (frames == null || lastSeq + 1 < firstSeq) {
      return Optional.empty();
    }
    return Optional.of(
        frames.stream().skip(lastSeq + 1 - firstSeq).toList());
  }

  /** Frame {@code seq} if it is held, else null; {@code currentSeq} is the last one added. */
  String get(long seq, long currentSeq) {
    if (frames == null || seq < firstSeq || seq > currentSeq) {
      return null;
    }
    // Wanted frames are the recent ones (a resume's replay): walk from the newest end.
    Iterator<String> it = frames.descendingIterator();
    String frame = null;
    for (long s = currentSeq; s >= seq && it.hasNext(); s--) {
      frame = it.next();
    }
    return frame;
  }

  long firstSeq() {
    return firstSeq;
  }

  /** Every frame held, oldest first (seq {@link #firstSeq()} onwards). */
  List<String> held() {
    return frames == null ? List.of() : List.copyOf(frames);
  }

  /** Continues the numbering of a session that was handed over: the frames it held, from seq on. */
  void restore(long firstSeqOfFrames, List<String> held) {
    frames = null;
    for (int i = 0; i < held.size(); i++) {
      add(firstSeqOfFrames + i, held.get(i));
    }
  }
}
