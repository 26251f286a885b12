package io.openlobby.loadgen.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlobby.loadgen.LoadgenException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Request and reply over one player's socket: each request gets a fresh {@code rid}; the frame whose
 * {@code re} names it completes it ({@code error} frames fail it with a {@link LoadgenException} of
 * kind {@code <type>_<code>}). A request without a reply in {@code timeout} fails with {@code
 * <type>_timeout}.
 */
public final class Requests {
  private final Function<String, Boolean> sender;
  private final ScheduledExecutorService scheduler;
  private final Duration timeout;
  private final AtomicLong next = new AtomicLong();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private record Pending(String type, CompletableFuture<JsonNode> reply) {}

  public Requests(Function<String, Boolean> sender, ScheduledExecutorService scheduler, Duration timeout) {
    this.sender = sender;
    this.scheduler = scheduler;
    this.timeout = timeout;
  }

  /** Sends {@code msg} (its {@code type} set) with a new {@code rid}; completes with the reply frame. */
  public CompletableFuture<JsonNode> send(ObjectNode msg) {
    String type = msg.path("type").asText();
    String rid = "q" + next.incrementAndGet();
    msg.put("rid", rid);
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(rid, new Pending(type, reply));
    if (!sender.apply(msg.toString())) {
      pending.remove(rid);
      reply.completeExceptionally(new LoadgenException(type + "_socket_closed", "socket closed"));
      return reply;
    }
    try {
      scheduler.schedule(() -> {
        if (pending.remove(rid) != null) {
          reply.completeExceptionally(new LoadgenException(type + "_timeout", "no reply in " + timeout));
        }
      }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException shutDown) {
      // the run is ending; the reply may still come
    }
    return reply;
  }

  /** Offers a frame; true if it was the reply to one of our requests. */
  public boolean onFrame(JsonNode frame) {
    JsonNode re = frame.get("re");
    if (re == null) {
      return false;
    }
    Pending p = pending.remove(re.asText());
    if (p == null) {
      return false;
    }
    if ("error".equals(frame.path("type").asText())) {
      p.reply().completeExceptionally(new LoadgenException(p.type() + "_" + frame.path("code").asText("?"),
          frame.path("message").asText("")));
    } else {
      p.reply().complete(frame);
    }
    return true;
  }
}
