package io.openlobby;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.CompletionException;

/**
 * Entry point. Configuration: application.conf, an overlay given with {@code -Dconfig.file}, and
 * LOBBY_* environment variables. Bad configuration ends the process with a clear message and exit
 * code 2; a port that cannot be bound, with exit code 3.
 */
public final class Main {
  static final int EXIT_BAD_CONFIG = 2;
  static final int EXIT_CANNOT_BIND = 3;

  private Main() {}

  public static void main(String[] args) {
    Config config;
    try {
      config = ConfigFactory.load();
      Settings.fromConfig(config);
    } catch (Settings.Invalid e) {
      fail(EXIT_BAD_CONFIG, e.getMessage());
      return;
    } catch (ConfigException e) {
      fail(EXIT_BAD_CONFIG, "Invalid configuration: " + e.getMessage());
      return;
    }
    try {
      LobbyServer.start(config).toCompletableFuture().join();
    } catch (Settings.Invalid e) {
      fail(EXIT_BAD_CONFIG, e.getMessage());
    } catch (CompletionException e) {
      fail(EXIT_CANNOT_BIND, "Cannot start the HTTP server: " + e.getCause().getMessage());
    }
  }

  private static void fail(int exitCode, String message) {
    System.err.println("openlobby: " + message);
    System.exit(exitCode);
  }
}
