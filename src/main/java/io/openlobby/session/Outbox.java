package io.openlobby.session;

import io.openlobby.session.wire.ServerFrame;
import io.openlobby.session.wire.ServerFrameEncoder;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's outbound path: numbers frames with the session's {@code seq}, keeps them for a
 * resume, and hands them to its socket ({@link SocketStage}) as the socket's credit allows.
 *
 * <p>A frame is numbered when it is handed to the socket, not when the session sends it. Until
 * then it waits here, and waiting {@code lobby.update} frames of one mode merge into one ({@link
 * LobbyMerge}): lobby diffs coalesce, so a slow lobby reader is not closed for lobby traffic alone,
 * and the numbering the client sees never skips. Other frames are handed while fewer than {@link
 * SocketStage#WINDOW} are not yet taken by the socket; a {@code lobby.update} only when the socket
 * has taken everything before it. So a socket that falls behind (a slow reader, or a node too busy
 * to write every subscriber's frame within the batching interval) holds at most one lobby frame in
 * flight, and the diffs behind it merge into the next one instead of queueing one frame per
 * interval each (docs/benchmarks-rooms.md). Every other frame counts against the bounded
 * queue ({@code lobby.session.outbound-buffer}): when that many wait, the client cannot keep up and
 * gets the {@code closing} frame ({@code slow_consumer}). Once the socket is gone (or the session is
 * being handed over), frames are numbered at once and only kept for a resume.
 *
 * <p>Not thread-safe: one session actor owns it.
 */
final class Outbox {
  private final int limit;
  private final ReplayBuffer replay;
  private SocketStage.Socket socket; // null before the socket opens and once it is gone
  private boolean gone; // the socket closed (or was given up): nothing waits any more
  private long handed; // frames handed to this socket; it has taken socket.taken() of them
  private long seq; // the last frame numbered
  private long handedSeq; // the last frame handed to the socket; below seq only after a resume
  private ArrayDeque<Waiting> waiting; // not yet numbered; allocated when the socket is busy
  private Map<String, Waiting> lobbyTarget; // mode -> the waiting lobby.update later ones merge into

  /** A frame not numbered yet: its type and everything after its seq, or a lobby merge. */
  private static final class Waiting {
    final String type;
    final String mode; // of a lobby.update; null for other frames
    String tail;
    LobbyMerge merge; // once a second diff of the mode arrived

    Waiting(String type, String mode, String tail) {
      this.type = type;
      this.mode = mode;
      this.tail = tail;
    }

    String tail() {
      return merge == null ? tail : merge.tail();
    }
  }

  Outbox(int limit, int replayFrames) {
    this.limit = limit;
    this.replay = new ReplayBuffer(replayFrames);
  }

  boolean hasSocket() {
    return socket != null;
  }

  long seq() {
    return seq;
  }

  // ---- frames from the session --------------------------------------------------------------

  void send(ServerFrame frame) {
    if (frame instanceof ServerFrame.LobbySnapshot) {
      lobbyTarget = null; // diffs after a snapshot must not merge into ones before it
    }
    enqueue(frame.type(), null, ServerFrameEncoder.encodeAfterSeq(frame));
  }

  /** A lobby diff of {@code mode}, its tail encoded once for many sessions. */
  void sendLobbyUpdate(String mode, String tail) {
    enqueue("lobby.update", mode, tail);
  }

  private void enqueue(String type, String mode, String tail) {
    if (gone) {
      number(type, tail);
      return;
    }
    if (mode != null && lobbyTarget != null) {
      Waiting target = lobbyTarget.get(mode);
      if (target != null) {
        if (target.merge == null) {
          target.merge = LobbyMerge.of(target.tail);
          target.tail = null;
        }
        target.merge.add(tail);
        return;
      }
    }
    if (socket != null && handedSeq == seq && (waiting == null || waiting.isEmpty()) && fits(mode, 0)) {
      socket.send(number(type, tail)); // the usual case: the socket keeps up
      handedSeq = seq;
      handed++;
      return;
    }
    if (socket != null && backlog() >= limit) {
      // The client cannot keep up: close instead of buffering without bound. The closing frame
      // takes the next seq, so the socket's frames never skip; this frame waits for a resume.
      close("slow_consumer", 1000);
      number(type, tail);
      return;
    }
    if (waiting == null) {
      waiting = new ArrayDeque<>();
    }
    Waiting w = new Waiting(type, mode, tail);
    waiting.addLast(w);
    if (mode != null) {
      if (lobbyTarget == null) {
        lobbyTarget = new HashMap<>(2);
      }
      lobbyTarget.put(mode, w);
    }
    drain();
  }

  /** Frames the client is behind by, resume replay not counted: waiting plus not yet taken. */
  private int backlog() {
    return (waiting == null ? 0 : waiting.size()) + (int) (handed - socket.taken());
  }

  /**
   * Whether a frame may be handed now, with {@code more} frames already picked for this hand-over:
   * a lobby diff ({@code mode} set) once the socket took everything, any other within the window.
   */
  private boolean fits(String mode, int more) {
    long untaken = handed + more - socket.taken();
    return mode == null ? untaken < SocketStage.WINDOW : untaken == 0;
  }

  private String number(String type, String tail) {
    String text = ServerFrameEncoder.withSeq(type, ++seq, tail);
    replay.add(seq, text);
    return text;
  }

  // ---- the socket ---------------------------------------------------------------------------

  void attach(SocketStage.Socket s) {
    socket = s;
    handed = 0;
    drain();
  }

  /** The socket took frames since it was asked to say so. */
  void socketTook() {
    drain();
  }

  /**
   * Hands the socket what fits (the replay a resume asked for, then waiting frames); if some must
   * still wait, asks the socket to say when it took more, then looks once more: a take between the
   * first look and the ask would otherwise wake nobody.
   */
  private void drain() {
    if (socket == null) {
      return;
    }
    handOver();
    while (pending()) {
      socket.wakeOnTake();
      if (!handOver()) {
        return; // nothing fits: the socket's next take wakes the session
      }
    }
  }

  private boolean pending() {
    return handedSeq < seq || (waiting != null && !waiting.isEmpty());
  }

  /** Hands over the frames that fit now; false if none did. */
  private boolean handOver() {
    String first = null;
    String[] batch = null;
    int n = 0;
    while (true) {
      String text;
      if (handedSeq < seq && fits(null, n)) {
        text = replay.get(handedSeq + 1, seq);
        handedSeq++;
        if (text == null) {
          continue; // no longer held (as before: a resume that old is refused at hand-over)
        }
      } else if (handedSeq == seq && waiting != null && !waiting.isEmpty() && fits(waiting.peekFirst().mode, n)) {
        Waiting w = waiting.pollFirst();
        if (w.mode != null && lobbyTarget != null && lobbyTarget.get(w.mode) == w) {
          lobbyTarget.remove(w.mode);
        }
        text = number(w.type, w.tail());
        handedSeq = seq;
      } else {
        break;
      }
      if (n == 0) {
        first = text;
      } else {
        if (batch == null) {
          batch = new String[SocketStage.WINDOW];
          batch[0] = first;
        }
        batch[n] = text;
      }
      n++;
    }
    if (n == 1) {
      socket.send(first);
    } else if (n > 1) {
      socket.send(n == batch.length ? batch : Arrays.copyOf(batch, n));
    }
    handed += n;
    return n > 0;
  }

  /** The client asks to inbound-ack its last frame; ignored without a socket. */
  void ackInbound() {
    if (socket != null) {
      socket.ack();
    }
  }

  /**
   * Sends the closing frame and closes the socket. Frames already numbered go out before it (the
   * socket's seqs never skip), even beyond the credit; the waiting ones are numbered after it and
   * kept for a resume.
   */
  void close(String reason, long retryAfterMs) {
    if (socket == null) {
      return;
    }
    List<String> numbered = replay.after(handedSeq, seq).orElse(List.of());
    for (String text : numbered) {
      socket.send(text);
    }
    socket.send(number("closing", ServerFrameEncoder.encodeAfterSeq(new ServerFrame.Closing(reason, retryAfterMs))));
    handedSeq = seq;
    socket.complete();
    detach();
  }

  /** Closes the socket without a closing frame (a client that already resumed elsewhere). */
  void closeQuietly() {
    if (socket != null) {
      socket.complete();
    }
    detach();
  }

  /** The socket is gone: from now on frames are numbered at once and kept for a resume. */
  void detach() {
    socket = null;
    gone = true;
    lobbyTarget = null;
    numberWaiting();
  }

  private void numberWaiting() {
    if (waiting != null) {
      for (Waiting w; (w = waiting.pollFirst()) != null; ) {
        number(w.type, w.tail());
      }
      waiting = null;
    }
    lobbyTarget = null;
  }

  // ---- resume and hand-over -----------------------------------------------------------------

  /**
   * For a hand-over to a resumed connection: the frames after {@code lastSeq} (waiting ones are
   * numbered first), empty if some are no longer held.
   */
  Optional<List<String>> framesAfter(long lastSeq) {
    numberWaiting();
    drain(); // if this socket stays (a refused hand-over), it still gets what was just numbered
    return replay.after(lastSeq, seq);
  }

  long firstSeq() {
    return replay.firstSeq();
  }

  List<String> held() {
    return replay.held();
  }

  /**
   * Continues a handed-over session: its frames from {@code firstSeq} to {@code lastNumbered}, of
   * which the client has those up to {@code clientSeq}; the rest go to the socket first.
   */
  void restore(long firstSeq, List<String> frames, long lastNumbered, long clientSeq) {
    replay.restore(firstSeq, frames);
    seq = lastNumbered;
    handedSeq = clientSeq;
    drain();
  }
}
