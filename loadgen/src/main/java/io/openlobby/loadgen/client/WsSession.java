package io.openlobby.loadgen.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.openlobby.loadgen.LoadgenException;
import io.openlobby.loadgen.Metrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One client WebSocket: the handshake, the wait for {@code welcome}, pongs for the server's pings,
 * an application {@code {"type":"ping"}} at least every {@code heartbeatMs} (the server closes a
 * client silent for two heartbeats), and the close. Its {@link #closed()} future tells whether the
 * close was ours. Text frames after {@code welcome} go to the {@link #onFrame listener}; {@code
 * closing} and {@code error} frames are counted in the metrics by reason / code.
 */
public final class WsSession extends SimpleChannelInboundHandler<Object> {
  static final long DEFAULT_HEARTBEAT_MILLIS = 15_000;
  /** Pings go out every 0.8 x heartbeat, +-10% jitter: at most 0.88 x heartbeat apart. */
  static final double PING_PERIOD = 0.8;
  static final double PING_JITTER = 0.1;
  static final String PING = "{\"type\":\"ping\"}";

  private final WebSocketClientHandshaker handshaker;
  private final long startNanos;
  private final Metrics metrics;
  private final ObjectMapper json;
  private final CompletableFuture<WsSession> welcome = new CompletableFuture<>();
  /** Completes when the socket is gone, with the server's close code or -1 (no close frame). */
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile Channel channel;
  private volatile long welcomeNanos;
  private volatile JsonNode welcomeFrame;
  private volatile boolean closing;
  private volatile int serverCloseCode = -1;
  private volatile Consumer<JsonNode> listener;
  private volatile String closingReason;
  private volatile long lastSeq;
  /** A resume: frames replayed before {@code welcome} go to the listener. */
  private final boolean resuming;

  WsSession(WebSocketClientHandshaker handshaker, long startNanos, Metrics metrics, ObjectMapper json,
      boolean resuming, Consumer<JsonNode> listener) {
    this.handshaker = handshaker;
    this.startNanos = startNanos;
    this.metrics = metrics;
    this.json = json;
    this.resuming = resuming;
    this.listener = listener;
  }

  /** The {@code seq} of the last frame received (for {@code lastSeq} on a resume). */
  public long lastSeq() {
    return lastSeq;
  }

  /** The {@code resumeToken} from {@code welcome}, or null. */
  public String resumeToken() {
    JsonNode w = welcomeFrame;
    return w == null ? null : w.path("resumeToken").asText(null);
  }

  /** True when {@code welcome} said {@code resumed: true}. */
  public boolean resumed() {
    JsonNode w = welcomeFrame;
    return w != null && w.path("resumed").asBoolean(false);
  }

  CompletableFuture<WsSession> welcome() {
    return welcome;
  }

  /** Fails the try if it is still waiting for its welcome; true if this call failed it. */
  boolean fail(Throwable cause) {
    return welcome.completeExceptionally(cause);
  }

  public long startNanos() {
    return startNanos;
  }

  public long welcomeNanos() {
    return welcomeNanos;
  }

  public JsonNode welcomeFrame() {
    return welcomeFrame;
  }

  public boolean isOpen() {
    Channel ch = channel;
    return ch != null && ch.isActive();
  }

  /** The server's heartbeat from {@code welcome} (15,000 ms when absent). */
  public long heartbeatMillis() {
    JsonNode w = welcomeFrame;
    long hb = w == null ? 0 : w.path("heartbeatMs").asLong(0);
    return hb > 0 ? hb : DEFAULT_HEARTBEAT_MILLIS;
  }

  /** The {@code playerId} from {@code welcome}. */
  public String playerId() {
    JsonNode w = welcomeFrame;
    return w == null ? null : w.path("playerId").asText(null);
  }

  /** The reason of the server's {@code closing} frame, or null if none came. */
  public String closingReason() {
    return closingReason;
  }

  /** Every text frame after {@code welcome}, parsed, on the socket's event-loop thread. */
  public void onFrame(Consumer<JsonNode> listener) {
    this.listener = listener;
  }

  /** Sends one text frame (from any thread); false if the socket is not open. */
  public boolean send(String text) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return false;
    }
    ch.writeAndFlush(new TextWebSocketFrame(text));
    metrics.framesSent.increment();
    return true;
  }

  /** True when we started the close (the end of the run), false when the server or the network did. */
  public boolean closedByUs() {
    return closing;
  }

  public CompletableFuture<Integer> closed() {
    return closed;
  }

  /** Sends a normal close (1000) and closes the socket; completes when the socket is gone. */
  public CompletableFuture<Integer> close() {
    closing = true;
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      if (ch != null) {
        ch.close();
      }
      return closed;
    }
    ch.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
    return closed;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    channel = ctx.channel();
    handshaker.handshake(ctx.channel());
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    welcome.completeExceptionally(
        new LoadgenException(
            handshaker.isHandshakeComplete() ? "closed_before_welcome" : "closed_during_upgrade",
            "the server closed the socket before welcome"));
    closed.complete(serverCloseCode);
    super.channelInactive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
    Channel ch = ctx.channel();
    if (!handshaker.isHandshakeComplete()) {
      if (msg instanceof FullHttpResponse) {
        FullHttpResponse response = (FullHttpResponse) msg;
        try {
          handshaker.finishHandshake(ch, response);
        } catch (WebSocketClientHandshakeException e) {
          welcome.completeExceptionally(
              new LoadgenException("upgrade_http_" + response.status().code(), e.getMessage(), e));
          ch.close();
        }
      }
      return;
    }
    if (!(msg instanceof WebSocketFrame)) {
      return;
    }
    metrics.framesReceived.increment();
    if (msg instanceof PingWebSocketFrame) {
      metrics.pingsReceived.increment();
      ch.writeAndFlush(new PongWebSocketFrame(((PingWebSocketFrame) msg).content().retain()));
    } else if (msg instanceof TextWebSocketFrame) {
      if (!welcome.isDone()) {
        onFirstText(ch, ((TextWebSocketFrame) msg).text());
      } else {
        onText(((TextWebSocketFrame) msg).text());
      }
    } else if (msg instanceof CloseWebSocketFrame) {
      serverCloseCode = ((CloseWebSocketFrame) msg).statusCode();
      if (!closing) {
        ch.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
      } else {
        ch.close();
      }
    }
  }

  private void onFirstText(Channel ch, String text) {
    JsonNode frame;
    try {
      frame = json.readTree(text);
    } catch (Exception e) {
      welcome.completeExceptionally(new LoadgenException("welcome_not_json", "first frame is not JSON"));
      ch.close();
      return;
    }
    if (!"welcome".equals(frame.path("type").asText()) && resuming) {
      dispatch(frame); // a frame replayed before the resumed welcome
      return;
    }
    if (!"welcome".equals(frame.path("type").asText())) {
      welcome.completeExceptionally(
          new LoadgenException("unexpected_first_frame", "first frame is " + frame.path("type").asText()));
      ch.close();
      return;
    }
    welcomeNanos = System.nanoTime();
    welcomeFrame = frame;
    lastSeq = Math.max(lastSeq, frame.path("seq").asLong(0));
    // The first ping at a random point of the first period, so that players do not ping together.
    long period = Math.round(heartbeatMillis() * PING_PERIOD);
    schedulePing(ch, ThreadLocalRandom.current().nextLong(Math.max(1, period)));
    welcome.complete(this);
  }

  private void schedulePing(Channel ch, long delayMillis) {
    ch.eventLoop().schedule(() -> ping(ch), delayMillis, TimeUnit.MILLISECONDS);
  }

  private void ping(Channel ch) {
    if (!ch.isActive() || closing) {
      return;
    }
    ch.writeAndFlush(new TextWebSocketFrame(PING));
    metrics.appPingsSent.increment();
    metrics.framesSent.increment();
    double jitter = 1 + PING_JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    schedulePing(ch, Math.max(1, Math.round(heartbeatMillis() * PING_PERIOD * jitter)));
  }

  private void onText(String text) {
    JsonNode frame;
    try {
      frame = json.readTree(text);
    } catch (Exception e) {
      metrics.serverError("frame_not_json");
      return;
    }
    dispatch(frame);
  }

  private void dispatch(JsonNode frame) {
    lastSeq = Math.max(lastSeq, frame.path("seq").asLong(0));
    String type = frame.path("type").asText("");
    switch (type) {
      case "pong":
        metrics.appPongsReceived.increment();
        break;
      case "closing":
        closingReason = frame.path("reason").asText("?");
        metrics.closing(closingReason);
        break;
      case "error":
        metrics.serverError(frame.path("code").asText("?"));
        break;
      default:
        break;
    }
    Consumer<JsonNode> l = listener;
    if (l != null) {
      l.accept(frame);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    welcome.completeExceptionally(cause);
    ctx.close();
  }
}
