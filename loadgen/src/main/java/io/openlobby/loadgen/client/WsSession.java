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

/**
 * One client WebSocket: the handshake, the wait for {@code welcome}, pongs for the server's pings,
 * and the close. Its {@link #closed()} future tells whether the close was ours.
 */
public final class WsSession extends SimpleChannelInboundHandler<Object> {
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

  WsSession(WebSocketClientHandshaker handshaker, long startNanos, Metrics metrics, ObjectMapper json) {
    this.handshaker = handshaker;
    this.startNanos = startNanos;
    this.metrics = metrics;
    this.json = json;
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
    if (!"welcome".equals(frame.path("type").asText())) {
      welcome.completeExceptionally(
          new LoadgenException("unexpected_first_frame", "first frame is " + frame.path("type").asText()));
      ch.close();
      return;
    }
    welcomeNanos = System.nanoTime();
    welcomeFrame = frame;
    welcome.complete(this);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    welcome.completeExceptionally(cause);
    ctx.close();
  }
}
