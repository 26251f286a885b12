package io.openlobby.loadgen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny stand-in for the lobby on 127.0.0.1 (free port) with just what the scenarios need:
 * {@code POST /v1/auth/guest} and {@code GET /v1/ws} (bearer check, {@code welcome} with {@code
 * heartbeatMs}, one WebSocket ping), {@code ping} → {@code pong}, {@code presence.watch} → {@code
 * presence.snapshot}, {@code presence.set} → {@code ok} and a {@code presence} event to each watcher.
 * Players whose names are in {@code rejected} get a token that the upgrade refuses with 401; with
 * {@code closeSilent}, every socket gets {@code closing {reason: "silent"}} and a close right after
 * {@code welcome}.
 */
final class FakeLobbyServer implements AutoCloseable {
  final AtomicInteger logins = new AtomicInteger();
  final AtomicInteger upgrades = new AtomicInteger();
  final AtomicInteger refused = new AtomicInteger();
  final AtomicInteger pongs = new AtomicInteger();
  final AtomicInteger clientCloses = new AtomicInteger();
  final AtomicInteger appPings = new AtomicInteger();
  final AtomicInteger watches = new AtomicInteger();
  final AtomicInteger sets = new AtomicInteger();
  final AtomicInteger resumes = new AtomicInteger();
  /** Listings asked with the attribute filter {@code attr.loadgen=1}. */
  final AtomicInteger attrFiltered = new AtomicInteger();
  final Map<String, Set<String>> watchedBy = new ConcurrentHashMap<>();
  private final Map<String, Channel> sockets = new ConcurrentHashMap<>();
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  final FakeRooms rooms = new FakeRooms(this::push, (p, f) ->
      group.next().schedule(() -> push(p, f), 20, java.util.concurrent.TimeUnit.MILLISECONDS));
  final FakeMatchmaker matchmaker = new FakeMatchmaker(rooms, sockets.keySet(), this::push);
  private final Set<String> rejected;
  private final long heartbeatMs;
  private final boolean closeSilent;
  private final ObjectMapper json = new ObjectMapper();
  private final Channel server;

  FakeLobbyServer(Set<String> rejected) throws InterruptedException {
    this(rejected, 15_000, false);
  }

  FakeLobbyServer(Set<String> rejected, long heartbeatMs, boolean closeSilent) throws InterruptedException {
    this.rejected = rejected;
    this.heartbeatMs = heartbeatMs;
    this.closeSilent = closeSilent;
    this.server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(65_536))
                        .addLast(new Handler());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  String url() {
    return "http://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Sends a server-pushed frame to a player's socket, if it has one. */
  private void push(String player, Map<String, Object> frame) {
    Channel ch = sockets.get(player);
    if (ch != null) {
      Map<String, Object> f = new HashMap<>(frame);
      f.put("seq", 0);
      try {
        ch.writeAndFlush(new TextWebSocketFrame(json.writeValueAsString(f)));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }

  private final class Handler extends SimpleChannelInboundHandler<Object> {
    private WebSocketServerHandshaker handshaker;
    private String player;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) throws Exception {
      if (msg instanceof FullHttpRequest) {
        http(ctx, (FullHttpRequest) msg);
      } else if (msg instanceof TextWebSocketFrame) {
        text(ctx, json.readTree(((TextWebSocketFrame) msg).text()));
      } else if (msg instanceof PongWebSocketFrame) {
        pongs.incrementAndGet();
      } else if (msg instanceof CloseWebSocketFrame) {
        clientCloses.incrementAndGet();
        handshaker.close(ctx.channel(), ((CloseWebSocketFrame) msg).retain());
      }
    }

    private void http(ChannelHandlerContext ctx, FullHttpRequest req) throws Exception {
      QueryStringDecoder query = new QueryStringDecoder(req.uri());
      String path = query.path();
      String bearer = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
      String caller = bearer.startsWith("Bearer tok-") ? "g-" + bearer.substring("Bearer tok-".length()) : null;
      if (req.method().equals(HttpMethod.GET) && path.equals("/v1/lobby/rooms") && caller != null) {
        String cursor = param(query, "cursor", "c0");
        if (param(query, "attr.loadgen", "").equals("1")) {
          attrFiltered.incrementAndGet();
        }
        respond(ctx, req, HttpResponseStatus.OK, rooms.page(param(query, "mode", ""),
            Integer.parseInt(param(query, "limit", "50")), Integer.parseInt(cursor.substring(1))));
        return;
      }
      if (path.startsWith("/v1/matchmaking/tickets") && caller != null) {
        Object[] answer = req.method().equals(HttpMethod.POST)
            ? matchmaker.post(caller, json.readTree(req.content().toString(StandardCharsets.UTF_8)))
            : matchmaker.cancel(path.substring(path.lastIndexOf('/') + 1));
        respond(ctx, req, HttpResponseStatus.valueOf((Integer) answer[0]), answer[1]);
        ctx.channel().eventLoop().execute(matchmaker::match);
        return;
      }
      if (req.method().equals(HttpMethod.POST) && path.equals("/v1/auth/guest")) {
        JsonNode body = json.readTree(req.content().toString(StandardCharsets.UTF_8));
        String name = body.path("name").asText();
        logins.incrementAndGet();
        String token = rejected.contains(name) ? "bad-" + name : "tok-" + name;
        respond(ctx, req, HttpResponseStatus.OK,
            Map.of("playerId", "g-" + name, "token", token, "expiresAt", 1795456611967L));
      } else if (req.method().equals(HttpMethod.GET) && path.equals("/v1/ws")) {
        boolean resumed = query.parameters().containsKey("resume");
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        if (!auth.startsWith("Bearer tok-")) {
          refused.incrementAndGet();
          respond(ctx, req, HttpResponseStatus.UNAUTHORIZED, Map.of("code", "unauthorized", "message", "no"));
          return;
        }
        handshaker =
            new WebSocketServerHandshakerFactory("ws://127.0.0.1/v1/ws", null, false).newHandshaker(req);
        handshaker
            .handshake(ctx.channel(), req)
            .addListener(
                (ChannelFutureListener)
                    f -> {
                      upgrades.incrementAndGet();
                      if (resumed) {
                        resumes.incrementAndGet();
                      }
                      player = "g-" + auth.substring("Bearer tok-".length());
                      sockets.put(player, f.channel());
                      f.channel().write(new TextWebSocketFrame(json.writeValueAsString(Map.of(
                          "type", "welcome", "seq", 1, "playerId", player, "sessionId", "s-1",
                          "resumeToken", "rt-1", "serverTime", System.currentTimeMillis(),
                          "heartbeatMs", heartbeatMs, "resumed", resumed))));
                      f.channel().writeAndFlush(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
                      if (closeSilent) {
                        send(f.channel(), Map.of("type", "closing", "seq", 2, "reason", "silent", "retryAfterMs", 0));
                        f.channel().writeAndFlush(new CloseWebSocketFrame(1000, ""))
                            .addListener(ChannelFutureListener.CLOSE);
                      }
                    });
      } else {
        respond(ctx, req, HttpResponseStatus.NOT_FOUND, Map.of("code", "not_found", "message", path));
      }
    }

    private void text(ChannelHandlerContext ctx, JsonNode frame) throws Exception {
      JsonNode rid = frame.path("rid");
      switch (frame.path("type").asText()) {
        case "ping":
          appPings.incrementAndGet();
          send(ctx.channel(), Map.of("type", "pong", "seq", 0));
          break;
        case "presence.watch": {
          watches.incrementAndGet();
          List<Map<String, Object>> players = new ArrayList<>();
          for (JsonNode id : frame.path("playerIds")) {
            watchedBy.computeIfAbsent(id.asText(), k -> ConcurrentHashMap.newKeySet()).add(player);
            players.add(Map.of("playerId", id.asText(), "status", "online", "lastSeen", 1L));
          }
          send(ctx.channel(), Map.of("type", "presence.snapshot", "seq", 0, "re", rid, "players", players));
          break;
        }
        case "presence.set": {
          sets.incrementAndGet();
          send(ctx.channel(), Map.of("type", "ok", "seq", 0, "re", rid));
          Map<String, Object> event = new HashMap<>();
          event.put("type", "presence");
          event.put("seq", 0);
          event.put("playerId", player);
          event.put("status", frame.path("status").asText());
          event.put("activity", frame.path("activity").asText(null));
          event.put("lastSeen", System.currentTimeMillis());
          for (String w : watchedBy.getOrDefault(player, Set.of())) {
            Channel ch = sockets.get(w);
            if (ch != null) {
              send(ch, event);
            }
          }
          break;
        }
        case "match.accept":
        case "match.decline":
          reply(ctx, rid, matchmaker.answer(player, frame.path("type").asText(), frame));
          matchmaker.match();
          break;
        default:
          Map<String, Object> answer = rooms.handle(player, frame.path("type").asText(), frame);
          if (answer != null) {
            reply(ctx, rid, answer);
            break;
          }
          send(ctx.channel(), Map.of("type", "error", "seq", 0, "code", "unknown_type", "message", "?"));
      }
    }

    private void reply(ChannelHandlerContext ctx, JsonNode rid, Map<String, Object> answer) throws Exception {
      Map<String, Object> f = new HashMap<>(answer);
      f.put("seq", 0);
      if (!rid.isMissingNode()) {
        f.put("re", rid);
      }
      send(ctx.channel(), f);
    }

    private String param(QueryStringDecoder q, String name, String otherwise) {
      List<String> v = q.parameters().get(name);
      return v == null || v.isEmpty() ? otherwise : v.get(0);
    }

    private void send(Channel ch, Object frame) throws Exception {
      ch.writeAndFlush(new TextWebSocketFrame(json.writeValueAsString(frame)));
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Object body)
        throws Exception {
      FullHttpResponse res =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(json.writeValueAsBytes(body)));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
      HttpUtil.setContentLength(res, res.content().readableBytes());
      HttpUtil.setKeepAlive(res, HttpUtil.isKeepAlive(req));
      ctx.writeAndFlush(res);
    }
  }
}
