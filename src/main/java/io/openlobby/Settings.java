package io.openlobby;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import io.openlobby.match.MatchRules;

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
    Matchmaking matchmaking,
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

  /**
   * Matchmaking: the queues' tick, how often a waiting ticket hears its position and estimate at
   * most, the estimator's window and skill bracket, how long a finished ticket can still be read,
   * how often a player's entity checks that its queue still has its ticket.
   */
  public record Matchmaking(
      Duration tick,
      Duration statusInterval,
      Duration estimateWindow,
      double bracketWidth,
      Duration finishedRetention,
      Duration ticketCheck,
      double defaultSkill,
      Map<String, Mode> modes) {

    public Matchmaking {
      modes = Map.copyOf(modes);
    }
  }

  /**
   * A matchmaking mode: its teams and skill window ({@link MatchRules}), a ready-check timeout
   * (zero: no ready-check), the tickets' time to live, and after how long a ticket also matches
   * players of every other region (zero: never).
   */
  public record Mode(
      String name, MatchRules rules, Duration readyCheck, Duration ttl, Duration regionWidenAfter) {}

  /** Names of modes and regions: they are part of ticket ids and entity ids. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9_-]{1,32}");

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
    Matchmaking matchmaking = matchmaking(r);
    Duration askTimeout = r.duration("ask-timeout", 1);
    if (!NAME.matcher(region).matches()) {
      r.problems.add("lobby.region = \"" + region + "\" must match " + NAME.pattern());
    }
    if (!r.problems.isEmpty()) {
      throw new Invalid(r.problems);
    }
    return new Settings(region, http, auth, session, presence, rooms, listing, matchmaking, askTimeout);
  }

  private static Matchmaking matchmaking(Reader r) {
    Map<String, Mode> modes = new TreeMap<>();
    for (String name : r.keys("matchmaking.modes")) {
      String p = "matchmaking.modes." + name + ".";
      int problemsBefore = r.problems.size();
      if (!NAME.matcher(name).matches()) {
        r.problems.add("lobby.matchmaking.modes: mode name \"" + name + "\" must match " + NAME.pattern());
        continue;
      }
      int teams = r.intIn(p + "teams", 2, 100);
      int teamSize = r.intIn(p + "team-size", 1, 100);
      double initial = r.doubleIn(p + "skill-window", 0, 1e9);
      double widen = r.doubleIn(p + "widen-per-second", 0, 1e9);
      double max = r.doubleIn(p + "max-window", 0, 1e9);
      if (max < initial) {
        r.problems.add("lobby." + p + "max-window must be at least skill-window");
        max = initial;
      }
      if (teams * teamSize > 1000) {
        r.problems.add("lobby." + p + "teams x team-size must be at most 1000");
      }
      Duration readyCheck = r.duration(p + "ready-check", 0);
      Duration ttl = r.duration(p + "ttl", 1000);
      Duration regionWidenAfter = r.duration(p + "region-widen-after", 0);
      if (r.problems.size() > problemsBefore) {
        continue; // listed; no rules are built from bad values
      }
      modes.put(
          name,
          new Mode(
              name,
              new MatchRules(teams, teamSize, initial, widen, max), readyCheck, ttl, regionWidenAfter));
    }
    if (modes.isEmpty() && r.problems.isEmpty()) {
      r.problems.add("lobby.matchmaking.modes must define at least one mode");
    }
    return new Matchmaking(
        r.duration("matchmaking.tick", 10),
        r.duration("matchmaking.status-interval", 100),
        r.duration("matchmaking.estimate-window", 1000),
        r.doubleIn("matchmaking.bracket-width", 1, 1e9),
        r.duration("matchmaking.finished-retention", 0),
        r.duration("matchmaking.ticket-check-interval", 100),
        r.doubleIn("matchmaking.default-skill", 0, 1e9),
        modes);
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

    double doubleIn(String path, double min, double max) {
      try {
        double v = c.getDouble(path);
        if (!(v >= min && v <= max)) {
          problems.add("lobby." + path + " = " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
      } catch (ConfigException e) {
        problems.add(describe(path, e));
        return min;
      }
    }

    /** The keys of an object, e.g. the mode names under matchmaking.modes. */
    List<String> keys(String path) {
      try {
        return new ArrayList<>(c.getObject(path).keySet());
      } catch (ConfigException e) {
        problems.add(describe(path, e));
        return List.of();
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
