package io.openlobby.loadgen.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.loadgen.LoadgenException;
import io.openlobby.loadgen.client.WebSocketConnector;
import io.openlobby.loadgen.client.WsSession;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An online player: its global index, its token and its current socket. {@link #resume()} drops the
 * socket and reconnects with the {@code resumeToken} and {@code lastSeq} of the old one; the
 * runner's {@link #closed()} only completes when the player is gone for good (a failed resume
 * included), not on the drop that a resume makes on purpose.
 */
public final class LivePlayer implements OnlinePlayer {
  private final int index;
  private final String token;
  private final URI target;
  private final InetAddress source;
  private final WebSocketConnector connector;
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private volatile WsSession session;
  private volatile Consumer<JsonNode> listener;
  private volatile boolean resuming;
  private volatile String failedResume;
  private volatile boolean closing;

  LivePlayer(int index, String token, URI target, InetAddress source, WebSocketConnector connector, WsSession session) {
    this.index = index;
    this.token = token;
    this.target = target;
    this.source = source;
    this.connector = connector;
    attach(session);
  }

  private void attach(WsSession s) {
    this.session = s;
    Consumer<JsonNode> l = listener;
    if (l != null) {
      s.onFrame(l);
    }
    s.closed().thenAccept(code -> {
      if (session == s && !resuming) {
        closed.complete(code);
      }
    });
  }

  public int index() {
    return index;
  }

  public WsSession session() {
    return session;
  }

  public String token() {
    return token;
  }

  public URI target() {
    return target;
  }

  public String playerId() {
    return session.playerId();
  }

  /** Every text frame after {@code welcome}, on every socket this player will have (replays included). */
  public void onFrame(Consumer<JsonNode> l) {
    this.listener = l;
    session.onFrame(l);
  }

  public boolean send(String text) {
    return session.send(text);
  }

  /** True while a resume is under way. */
  public boolean resuming() {
    return resuming;
  }

  /**
   * Drops the socket and resumes: completes with the new socket's {@code welcome.resumed}, or
   * exceptionally (then the player is gone: {@link #closed()} completes).
   */
  public CompletableFuture<Boolean> resume() {
    WsSession old = session;
    if (closing || resuming || !old.isOpen() || old.resumeToken() == null) {
      return CompletableFuture.completedFuture(false);
    }
    resuming = true;
    return old.close()
        .thenCompose(code -> connector.open(target, source, token, old.resumeToken(), old.lastSeq(), listener))
        .handle((s, failure) -> {
          if (failure != null) {
            failedResume = LoadgenException.kindOf(failure);
            resuming = false;
            closed.complete(-1);
            throw new LoadgenException("resume_" + failedResume, "resume failed", failure);
          }
          attach(s);
          resuming = false;
          if (closing) {
            s.close(); // the run ended during the resume
          } else if (!s.isOpen()) {
            closed.complete(-1);
          }
          return s.resumed();
        });
  }

  @Override
  public String closingReason() {
    return failedResume != null ? "resume_failed_" + failedResume : session.closingReason();
  }

  @Override
  public boolean isOpen() {
    return session.isOpen();
  }

  @Override
  public CompletableFuture<Integer> closed() {
    return closed;
  }

  @Override
  public boolean closedByUs() {
    return failedResume == null && session.closedByUs();
  }

  @Override
  public CompletableFuture<Integer> close() {
    closing = true;
    if (!resuming) {
      session.close();
    }
    return closed;
  }
}
