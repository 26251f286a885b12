package io.openlobby;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The server's typed settings, read once from the {@code lobby} section and validated at start-up.
 * Every problem is collected so that an operator sees them all at once; {@link Invalid} carries the
 * list and Main turns it into a clear message and exit code instead of a stack trace.
 */
public record Settings(
    String region,
    Http http,
    Auth auth,
    Session session,
    Presence presence,
    Rooms rooms,
    Listing listing,
    Duration askTimeout) {

  /** The development signing secret shipped in application.conf; its use is logged as a warning. */
  public static final String DEV_SECRET = "dev-only-secret-change-me-in-production-0123456789";

  public record Http(String host, int port, Duration shutdownDrain) {}

  public record Auth(
      boolean guestEnabled,
      Duration tokenTtl,
      String issuer,
      byte[] hs256Secret,
      Optional<String> rs256PublicKeyPem,
      Optional<String> es256PublicKeyPem) {

    public boolean usesDevSecret() {
      return new String(hs256Secret, StandardCharsets.UTF_8).equals(DEV_SECRET);
    }
  }

  /**
   * {@code replayFrames}: how many recent frames a session keeps for a resume; {@code
   * rewatchPerHeartbeat}: how many watches a session refreshes at each heartbeat.
   */
  public record Session(
      Duration heartbeat,
      int outboundBuffer,
      int maxFrameBytes,
      int replayFrames,
      int rewatchPerHeartbeat) {}

  public record Presence(
      Duration grace, Duration batchInterval, int maxWatchesPerSession, int maxWatchersPerPlayer) {}

  public record Rooms(int maxPlayersLimit, int nameMaxLength, int attributesMax) {}

  /** The live lobby: diff interval, rooms in a lobby.snapshot, largest page of GET /v1/lobby/rooms. */
  public record Listing(Duration batchInterval, int snapshotLimit, int pageLimitMax) {}

  /** Thrown when the configuration is missing values or holds values out of range. */
  public static final class Invalid extends RuntimeException {
    private final List<String> problems;

    public Invalid(List<String> problems) {
      super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static Settings fromConfig(Config root) {
    Reader r = new Reader(root.getConfig("lobby"));
    String region = r.string("region");
    Http http =
        new Http(
            r.string("http.host"), r.port("http.port"), r.duration("http.shutdown-drain", 0));
    String secret = r.string("auth.hs256-secret");
    if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
      r.problems.add("lobby.auth.hs256-secret must be at least 32 bytes (HS256 key strength)");
    }
    Auth auth =
        new Auth(
            r.bool("auth.guest-enabled"),
            r.duration("auth.token-ttl", 1),
            r.string("auth.issuer"),
            secret.getBytes(StandardCharsets.UTF_8),
            r.optionalString("auth.rs256-public-key-pem"),
            r.optionalString("auth.es256-public-key-pem"));
    Session session =
        new Session(
            r.duration("session.heartbeat", 1),
            r.intIn("session.outbound-buffer", 16, 1 << 20),
            r.intIn("session.max-frame-bytes", 256, 16 << 20),
            r.intIn("session.replay-frames", 1, 1 << 16),
            r.intIn("session.rewatch-per-heartbeat", 1, 1 << 16));
    Presence presence =
        new Presence(
            r.duration("presence.grace", 0),
            r.duration("presence.batch-interval", 1),
            r.intIn("presence.max-watches-per-session", 1, 1 << 20),
            r.intIn("presence.max-watchers-per-player", 1, 1 << 24));
    Rooms rooms =
        new Rooms(
            r.intIn("rooms.max-players-limit", 2, 10_000),
            r.intIn("rooms.name-max-length", 1, 1024),
            r.intIn("rooms.attributes-max", 0, 256));
    Listing listing =
        new Listing(
            r.duration("listing.batch-interval", 1),
            r.intIn("listing.snapshot-limit", 1, 10_000),
            r.intIn("listing.page-limit-max", 1, 10_000));
    Duration askTimeout = r.duration("ask-timeout", 1);
    if (!r.problems.isEmpty()) {
      throw new Invalid(r.problems);
    }
    return new Settings(region, http, auth, session, presence, rooms, listing, askTimeout);
  }

  /** Reads values while collecting, rather than throwing at, the first problem. */
  private static final class Reader {
    private final Config c;
    private final List<String> problems = new ArrayList<>();

    Reader(Config c) {
      this.c = c;
    }

    String string(String path) {
      try {
        String s = c.getString(path);
        if (s.isBlank()) {
          problems.add("lobby." + path + " must not be empty");
        }
        return s;
      } catch (ConfigException e) {
        problems.add(describe(path, e));
        return "";
      }
    }

    Optional<String> optionalString(String path) {
      try {
        return c.hasPath(path) && !c.getString(path).isBlank()
            ? Optional.of(c.getString(path))
            : Optional.empty();
      } catch (ConfigException e) {
        problems.add(describe(path, e));
        return Optional.empty();
      }
    }

    boolean bool(String path) {
      try {
        return c.getBoolean(path);
      } catch (ConfigException e) {
        problems.add(describe(path, e));
        return false;
      }
    }

    int intIn(String path, int min, int max) {
      try {
        int v = c.getInt(path);
        if (v < min || v > max) {
          problems.add("lobby." + path + " = " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
      } catch (ConfigException e) {
        problems.add(describe(path, e));
        return min;
      }
    }

    int port(String path) {
      return intIn(path, 0, 65_535);
    }

    Duration duration(String path, long minMillis) {
      try {
        Duration d = c.getDuration(path);
        if (d.toMillis() < minMillis) {
          problems.add("lobby." + path + " = " + d + " must be at least " + minMillis + " ms");
        }
        return d;
      } catch (ConfigException e) {
        problems.add(describe(path, e));
        return Duration.ofMillis(Math.max(minMillis, 1));
      }
    }

    private static String describe(String path, ConfigException e) {
      if (e instanceof ConfigException.Missing) {
        return "lobby." + path + " is missing";
      }
      return "lobby." + path + ": " + e.getMessage();
    }
  }
}
