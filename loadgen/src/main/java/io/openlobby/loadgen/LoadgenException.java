package io.openlobby.loadgen;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** A failed step of one try, with the error kind it is counted under (e.g. {@code login_http_503}). */
public final class LoadgenException extends RuntimeException {
  private final String kind;

  public LoadgenException(String kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public LoadgenException(String kind, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
  }

  public String kind() {
    return kind;
  }

  /** The error kind of any failure: ours carry it, the rest are classified by type. */
  public static String kindOf(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof LoadgenException) {
      return ((LoadgenException) t).kind();
    }
    if (t instanceof HttpConnectTimeoutException) {
      return "login_connect_timeout";
    }
    if (t instanceof HttpTimeoutException) {
      return "login_timeout";
    }
    if (t instanceof io.netty.channel.ConnectTimeoutException) {
      return "connect_timeout";
    }
    String message = String.valueOf(t.getMessage());
    if (t instanceof BindException || message.contains("Cannot assign requested address")) {
      return "bind_failed";
    }
    if (t instanceof ConnectException) {
      return "connect_refused";
    }
    if (t instanceof IOException) {
      return message.contains("reset by peer") ? "connection_reset" : "io_error";
    }
    return "other_" + t.getClass().getSimpleName();
  }

  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
