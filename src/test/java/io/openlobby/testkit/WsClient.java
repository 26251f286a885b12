package io.openlobby.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A real WebSocket client (the JDK's) over a real socket: every text frame it receives is parsed
 * and queued for the test to take in order.
 */
public final class WsClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(15);

  private final WebSocket socket;
  private final BlockingQueue<JsonNode> frames;
  private final CompletableFuture<Integer> closed;
  private long lastSeq;

  private final AtomicBoolean reading;
  private final AtomicBoolean stalled;

  private WsClient(
      WebSocket socket,
      BlockingQueue<JsonNode> frames,
      CompletableFuture<Integer> closed,
      AtomicBoolean reading,
      AtomicBoolean stalled) {
    this.socket = socket;
    this.frames = frames;
    this.closed = closed;
    this.reading = reading;
    this.stalled = stalled;
  }

  /** Stops reading from the socket (after at most one more frame): a client that cannot keep up. */
  public void pauseReading() {
    reading.set(false);
  }

  public void resumeReading() {
    reading.set(true);
    if (stalled.compareAndSet(true, false)) {
      socket.request(1);
    }
  }

  public boolean hasFrames() {
    return !stashed.isEmpty() || !frames.isEmpty();
  }

  /** Connects; fails with the JDK's handshake exception when the server refuses the upgrade. */
  public static WsClient connect(URI uri, Map<String, String> headers) throws Exception {
    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicBoolean stalled = new AtomicBoolean(false);
    BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    WebSocket ws =
        builder
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      try {
                        frames.add(MAPPER.readTree(partial.toString()));
                      } catch (Exception e) {
                        frames.add(MAPPER.createObjectNode().put("type", "__not_json__"));
                      }
                      partial.setLength(0);
                    }
                    if (reading.get()) {
                      w.request(1);
                    } else {
                      stalled.set(true);
                    }
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
                    closed.complete(status);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket w, Throwable error) {
                    closed.completeExceptionally(error);
                  }
                })
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return new WsClient(ws, frames, closed, reading, stalled);
  }

  public static WsClient connect(Api api, String token) throws Exception {
    return connect(api.ws("/v1/ws"), Map.of("Authorization", "Bearer " + token));
  }

  /** Connects with the token and takes the welcome frame. */
  public static WsClient open(Api api, String token) throws Exception {
    WsClient ws = connect(api, token);
    ws.expect("welcome");
    return ws;
  }

  public void sendBinary(byte[] data) throws Exception {
    socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  public void send(String text) throws Exception {
    socket.sendText(text, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Sends one text message as several WebSocket frames (a fragmented message), in order. */
  public void sendInParts(String... parts) throws Exception {
    for (int i = 0; i < parts.length; i++) {
      socket.sendText(parts[i], i == parts.length - 1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  /** Frames pushed by the server on its own (not replies): kept in order while a reply is awaited. */
  private static final java.util.Set<String> PUSHES = java.util.Set.of("room.event", "presence", "lobby.update", "match.status", "match.found");

  private final java.util.ArrayDeque<JsonNode> stashed = new java.util.ArrayDeque<>();

  /** The next frame, whatever its type; fails the test after a generous wait. */
  public JsonNode next() throws InterruptedException {
    JsonNode frame = stashed.poll();
    return frame != null ? frame : receive(WAIT);
  }

  /** The next frame off the socket, checking the contract's seq rule; null after {@code wait}. */
  private JsonNode receive(Duration wait) throws InterruptedException {
    JsonNode frame = frames.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      if (wait == WAIT) {
        throw new AssertionError("no frame within " + WAIT);
      }
      return null;
    }
    // The contract: every server frame carries seq, starting at 1 and never skipping.
    long seq = frame.path("seq").asLong(-1);
    if (seq != lastSeq + 1) {
      throw new AssertionError("seq " + seq + " after " + lastSeq + " in " + frame);
    }
    lastSeq = seq;
    return frame;
  }

  /** The next frame of {@code type}, failing on any other frame in between. */
  public JsonNode expect(String type) throws InterruptedException {
    JsonNode frame = next();
    if (!type.equals(frame.path("type").asText())) {
      throw new AssertionError("expected " + type + " but got " + frame);
    }
    return frame;
  }

  /** The next frame of {@code type}, skipping pongs (of keep-alive pings) on the way. */
  public JsonNode awaitSkippingPongs(String type) throws InterruptedException {
    JsonNode frame = next();
    while ("pong".equals(frame.path("type").asText())) {
      frame = next();
    }
    if (!type.equals(frame.path("type").asText())) {
      throw new AssertionError("expected " + type + " but got " + frame);
    }
    return frame;
  }

  /** Asserts that no frame arrives within {@code quiet}. */
  public void expectNothing(Duration quiet) throws InterruptedException {
    JsonNode frame = stashed.isEmpty() ? receive(quiet) : stashed.poll();
    if (frame != null) {
      throw new AssertionError("expected no frame, got " + frame);
    }
  }

  /** For a resumed session: the next frame must be {@code seq + 1}. Call before {@link #next}. */
  public WsClient continueFrom(long seq) {
    lastSeq = seq;
    return this;
  }

  /** The seq of the last frame taken. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Drops the TCP connection without a close handshake, as a phone losing its network would. */
  public void drop() {
    socket.abort();
  }

  /**
   * Sends one request and returns its reply: the next frame that is not a push. Pushes that come
   * first (an event the same command caused may overtake its reply) stay queued for {@link #next}.
   */
  public JsonNode request(String text) throws Exception {
    send(text);
    return reply();
  }

  /** The next frame that is not a push; pushes that come first stay queued for {@link #next}. */
  public JsonNode reply() throws InterruptedException {
    java.util.List<JsonNode> overtaking = new java.util.ArrayList<>();
    JsonNode frame = stashed.isEmpty() ? receive(WAIT) : stashed.poll();
    while (PUSHES.contains(frame.path("type").asText())) {
      overtaking.add(frame);
      frame = stashed.isEmpty() ? receive(WAIT) : stashed.poll();
    }
    for (int i = overtaking.size() - 1; i >= 0; i--) {
      stashed.addFirst(overtaking.get(i));
    }
    return frame;
  }


  public CompletableFuture<Integer> closed() {
    return closed;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }
}
