package io.openlobby.loadgen.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.openlobby.loadgen.LoadgenException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@code GET /v1/ws} with {@code Authorization: Bearer <token>} from a chosen local address and
 * completes once the server's {@code welcome} frame has arrived.
 */
public final class WebSocketConnector {
  static final int MAX_FRAME = 1 << 20;

  private final ClientContext context;
  private final Bootstrap bootstrap;

  public WebSocketConnector(ClientContext context) {
    this.context = context;
    long timeoutMillis = context.config().stepTimeout().toMillis();
    this.bootstrap =
        new Bootstrap()
            .group(context.group())
            .channel(context.channelClass())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMillis))
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, false);
    if (context.epoll()) {
      // Pick the local port at connect time, per 4-tuple: more sockets per source address.
      bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
    }
  }

  /**
   * One try: TCP connect, upgrade, wait for {@code welcome}. The session's timings start at the TCP
   * connect. Fails with a {@link LoadgenException} naming the step.
   */
  public CompletableFuture<WsSession> open(URI target, InetAddress source, String token) {
    return open(target, source, token, null, 0, null);
  }

  /**
   * As {@link #open(URI, InetAddress, String)}; with a {@code resumeToken} it asks to continue that
   * session ({@code ?resume=&lastSeq=}): frames replayed before {@code welcome} go to {@code listener}
   * (which also gets every later frame; null for none yet).
   */
  public CompletableFuture<WsSession> open(URI target, InetAddress source, String token, String resumeToken,
      long lastSeq, java.util.function.Consumer<com.fasterxml.jackson.databind.JsonNode> listener) {
    String query = resumeToken == null ? ""
        : "?resume=" + java.net.URLEncoder.encode(resumeToken, java.nio.charset.StandardCharsets.UTF_8)
            + "&lastSeq=" + lastSeq;
    URI wsUri = URI.create("ws://" + target.getHost() + ":" + target.getPort() + "/v1/ws" + query);
    HttpHeaders headers = new DefaultHttpHeaders().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
    WebSocketClientHandshaker handshaker =
        WebSocketClientHandshakerFactory.newHandshaker(wsUri, WebSocketVersion.V13, null, false, headers, MAX_FRAME);
    long startNanos = System.nanoTime();
    WsSession session = new WsSession(handshaker, startNanos, context.metrics(), context.json(), resumeToken != null, listener);
    Bootstrap b =
        bootstrap
            .clone()
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast("http", new HttpClientCodec())
                        .addLast("http-aggregator", new HttpObjectAggregator(64 * 1024))
                        .addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_FRAME))
                        .addLast("session", session);
                  }
                });
    ChannelFuture connect =
        b.connect(new InetSocketAddress(target.getHost(), target.getPort()), new InetSocketAddress(source, 0));
    connect.addListener(
        (ChannelFuture f) -> {
          if (!f.isSuccess()) {
            session.fail(f.cause());
            return;
          }
          Channel ch = f.channel();
          long welcomeMillis = context.config().stepTimeout().toMillis();
          ch.eventLoop()
              .schedule(
                  () -> {
                    if (session.fail(new LoadgenException("welcome_timeout", "no welcome in " + welcomeMillis + " ms"))) {
                      ch.close();
                    }
                  },
                  welcomeMillis,
                  TimeUnit.MILLISECONDS);
        });
    return session.welcome();
  }
}
