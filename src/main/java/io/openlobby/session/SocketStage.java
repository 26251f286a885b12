package io.openlobby.session;

import io.openlobby.ErrorCode;
import io.openlobby.session.wire.ClientFrame;
import io.openlobby.session.wire.ClientFrameDecoder;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.scaladsl.model.ws.BinaryMessage;
import org.apache.pekko.http.scaladsl.model.ws.Message;
import org.apache.pekko.http.scaladsl.model.ws.TextMessage;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.InHandler;
import org.apache.pekko.stream.stage.OutHandler;

/**
 * A socket's whole handler as one stage: client frames are decoded and told to the {@link Session}
 * one at a time (the next is read only after the session's ack, so a flooding client is slowed
 * down, not buffered), and the frames the session hands over are written in order. One stage
 * instead of a queue source, a decoding stage and an actor sink: the per-socket stream graph is
 * most of an idle socket's heap (docs/benchmarks-session-transport.md).
 *
 * <p>Its ports carry the Scala DSL's {@code Message} (a Java DSL {@code Message} too), so Pekko
 * HTTP takes the stage as it is: handing it a Java DSL flow wraps it per socket in two mapping
 * stages that convert every frame (docs/benchmarks-session-transport.md).
 *
 * <p>Outbound flow control: the stage counts the frames the socket has taken ({@link
 * Socket#taken()}, readable from the session's thread without a message), and the session hands at
 * most {@link #WINDOW} frames that are not taken yet. Only a session that holds frames back asks to
 * be told of progress ({@link Socket#wakeOnTake()}): then the stage sends one {@link
 * Session.SocketTook} once the socket has taken {@link #GRANT} frames or everything it was handed.
 * A session that keeps up costs no message back per frame. Frames the session holds back are still
 * its own to merge (lobby diffs) or to count against its bounded queue (see {@link Outbox}).
 */
final class SocketStage extends GraphStage<FlowShape<Message, Message>> {
  /** Frames the session may hand over before the socket takes any. */
  static final int WINDOW = 8;
  /** Frames taken before a session that asked is woken, unless the socket took everything first. */
  static final int GRANT = WINDOW / 2;

  // Shared by every socket: one stage per graph, so the ports need not be per instance.
  private static final Inlet<Message> IN = Inlet.create("session.in");
  private static final Outlet<Message> OUT = Outlet.create("session.out");
  private static final FlowShape<Message, Message> SHAPE = FlowShape.of(IN, OUT);
  private static final Attributes NAME = Attributes.name("session-socket");

  /** What the session can do to its socket; safe to call from the session actor. */
  interface Socket {
    void send(String frame);

    void send(String[] frames);

    /**
     * How many frames the socket has taken so far; the session has handed it that many or more.
     * Read from the session's thread: it never decreases.
     */
    long taken();

    /**
     * Asks for one {@link Session.SocketTook} after the socket next makes progress. Call it before
     * reading {@link #taken()} for the last time: a take after that read is then sure to wake the
     * session, and one before it is seen.
     */
    void wakeOnTake();

    /** The session has handled the last client frame (or is ready for the first one). */
    void ack();

    /** Completes the socket once the frames already handed over are written. */
    void complete();
  }

  private static final Object ACK = new Object();
  private static final Object COMPLETE = new Object();

  /** A streamed client frame, read to its end. */
  private record Collected(ClientFrame frame) {}

  /** The parts of a streamed text frame, up to the cap; past it, only that it was too long. */
  private static final class Collector {
    private final int max;
    private StringBuilder text = new StringBuilder();

    Collector(int max) {
      this.max = max;
    }

    Collector add(String part) {
      if (text != null && text.length() + part.length() > max) {
        text = null; // too long: the rest is read and dropped
      } else if (text != null) {
        text.append(part);
      }
      return this;
    }
  }

  private final ActorRef<Session.Command> session;
  private final ClientFrameDecoder decoder;
  private final int maxFrameChars;

  SocketStage(ActorRef<Session.Command> session, ClientFrameDecoder decoder, int maxFrameChars) {
    this.session = session;
    this.decoder = decoder;
    this.maxFrameChars = maxFrameChars;
  }

  @Override
  public FlowShape<Message, Message> shape() {
    return SHAPE;
  }

  @Override
  public Attributes initialAttributes() {
    return NAME;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic implements InHandler, OutHandler, Socket {
    private AsyncCallback<Object> fromSession;
    private Message next; // one frame waiting for the socket to pull
    private ArrayDeque<Message> more; // further ones: allocated only when a burst finds the socket busy
    // Written by the stream only, read by the session: volatile, and for the wake-up hand-shake
    // (the stream writes taken then reads wake; the session writes wake then reads taken) neither
    // side can miss the other's write.
    private volatile long taken; // frames the socket took
    private volatile boolean wake; // the session waits to hear of the next take
    private int sinceWake; // frames taken since the session was last woken
    private boolean acked; // the session may take another client frame
    private boolean completing;

    Logic() {
      super(SHAPE);
      setHandler(IN, this);
      setHandler(OUT, this);
    }

    @Override
    public void preStart() {
      fromSession = createAsyncCallback(this::onSession);
      session.tell(new Session.SocketOpened(this));
    }

    @Override
    public void postStop() {
      session.tell(new Session.SocketClosed());
    }

    // ---- Socket, called from the session actor ----------------------------------------------

    @Override
    public void send(String frame) {
      fromSession.invoke(frame);
    }

    @Override
    public void send(String[] frames) {
      fromSession.invoke(frames);
    }

    @Override
    public long taken() {
      return taken;
    }

    @Override
    public void wakeOnTake() {
      wake = true;
    }

    @Override
    public void ack() {
      fromSession.invoke(ACK);
    }

    @Override
    public void complete() {
      fromSession.invoke(COMPLETE);
    }

    // ---- on the stream's side ---------------------------------------------------------------

    private void onSession(Object m) {
      if (m instanceof String text) {
        write(text);
      } else if (m instanceof String[] texts) {
        for (String text : texts) {
          write(text);
        }
      } else if (m == ACK) {
        acked = true;
        pullIfAcked();
      } else if (m == COMPLETE) {
        completing = true;
        completeIfDrained();
      } else if (m instanceof Collected c) {
        toSession(c.frame());
      }
    }

    private void write(String text) {
      Message message = new TextMessage.Strict(text);
      if (next == null && isAvailable(OUT)) {
        push(OUT, message);
        tookOne();
      } else if (next == null) {
        next = message;
      } else {
        if (more == null) {
          more = new ArrayDeque<>(WINDOW);
        }
        more.addLast(message);
      }
    }

    @Override
    public void onPull() {
      if (next != null) {
        push(OUT, next);
        next = more == null ? null : more.pollFirst();
        tookOne();
      }
      completeIfDrained();
    }

    private void tookOne() {
      taken = taken + 1; // the only writer
      sinceWake++;
      if (wake && (next == null || sinceWake >= GRANT)) {
        wake = false;
        sinceWake = 0;
        session.tell(Session.SocketTook.INSTANCE);
      }
    }

    private void completeIfDrained() {
      if (completing && next == null) {
        completeStage();
      }
    }

    @Override
    public void onPush() {
      Message message = grab(IN);
      acked = false;
      if (message instanceof TextMessage.Strict strict) {
        toSession(decoder.decode(strict.text()));
        return;
      }
      if (message instanceof BinaryMessage binary) {
        binary.getStreamedData().runWith(Sink.ignore(), subFusingMaterializer());
        toSession(new ClientFrame.Rejected(null, ErrorCode.BAD_REQUEST, "Only text frames are accepted"));
        return;
      }
      TextMessage text = (TextMessage) message;
      // A frame in parts (rare): read it to its end in this stream's interpreter, then go on. Past
      // the cap the rest is read and dropped rather than the parts' stream failed: a failed or
      // cancelled part stream would fail the whole socket (Pekko HTTP fails the handler).
      text.getStreamedText()
          .runFold(new Collector(maxFrameChars), Collector::add, subFusingMaterializer())
          .whenComplete((c, failure) -> fromSession.invoke(new Collected(collected(c, failure))));
    }

    private ClientFrame collected(Collector c, Throwable failure) {
      if (failure != null) {
        return new ClientFrame.Rejected(null, ErrorCode.BAD_REQUEST, "The frame could not be read");
      }
      if (c.text == null) {
        return new ClientFrame.Rejected(
            null, ErrorCode.PAYLOAD_TOO_LARGE, "Frames are limited to " + maxFrameChars + " characters");
      }
      return decoder.decode(c.text.toString());
    }

    private void toSession(ClientFrame frame) {
      session.tell(new Session.Inbound(frame));
    }

    private void pullIfAcked() {
      if (acked && !hasBeenPulled(IN) && !isClosed(IN)) {
        pull(IN);
      }
    }

    @Override
    public void onUpstreamFinish() {
      completeStage(); // the client closed: so does the socket
    }

    @Override
    public void onUpstreamFailure(Throwable ex) {
      failStage(ex);
    }

    @Override
    public void onDownstreamFinish(Throwable cause) {
      completeStage();
    }
  }
}
