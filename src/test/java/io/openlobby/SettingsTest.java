package io.openlobby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static Config withOverrides(String hocon) {
    return ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.parseResources("application.conf"))
        .resolve();
  }

  @Test
  void theShippedDefaultsAreValid() {
    Settings s = Settings.fromConfig(withOverrides(""));
    assertEquals(8080, s.http().port());
    assertEquals(Duration.ofSeconds(15), s.session().heartbeat());
    assertTrue(s.auth().usesDevSecret());
  }

  @Test
  void matchmakingModesAreConfigurationOnly() {
    Settings s =
        Settings.fromConfig(
            withOverrides(
                "lobby.matchmaking.modes.trios { teams = 3, team-size = 3, skill-window = 50,"
                    + " widen-per-second = 10, max-window = 300, region-widen-after = 20s,"
                    + " ready-check = 5s, ttl = 2m }"));
    Settings.Mode trios = s.matchmaking().modes().get("trios");
    assertEquals(9, trios.rules().playersPerMatch());
    assertEquals(150, trios.rules().window(10_000));
    assertEquals(300, trios.rules().window(60_000), "capped at max-window");
    assertEquals(Duration.ofSeconds(5), trios.readyCheck());
    assertEquals(Duration.ofSeconds(20), trios.regionWidenAfter());
    assertTrue(s.matchmaking().modes().containsKey("duel"));
    assertEquals(Duration.ZERO, s.matchmaking().modes().get("duel").readyCheck());
  }

  @Test
  void badMatchmakingModesAreListed() {
    Settings.Invalid e =
        assertThrows(
            Settings.Invalid.class,
            () ->
                Settings.fromConfig(
                    withOverrides(
                        "lobby.matchmaking.modes.\"Big Mode\" { teams = 2, team-size = 1, skill-window = 1,"
                            + " widen-per-second = 0, max-window = 1, region-widen-after = 0s, ready-check = 0s, ttl = 1m }\n"
                            + "lobby.matchmaking.modes.narrow { teams = 1, team-size = 1, skill-window = 100,"
                            + " widen-per-second = 0, max-window = 50, region-widen-after = 0s, ready-check = 0s, ttl = 1m }")));
    assertTrue(e.getMessage().contains("mode name \"Big Mode\" must match"), e.getMessage());
    assertTrue(e.getMessage().contains("narrow.teams = 1 is out of range"), e.getMessage());
    assertTrue(e.getMessage().contains("narrow.max-window must be at least skill-window"), e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Settings.Invalid e =
        assertThrows(
            Settings.Invalid.class,
            () ->
                Settings.fromConfig(
                    withOverrides(
                        "lobby.http.port = 70000\n"
                            + "lobby.auth.hs256-secret = short\n"
                            + "lobby.session.outbound-buffer = 1\n"
                            + "lobby.ask-timeout = banana")));
    assertEquals(4, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("lobby.http.port = 70000 is out of range"));
    assertTrue(e.getMessage().contains("hs256-secret must be at least 32 bytes"));
  }

  @Test
  void mainExitsWithCode2AndAClearMessageOnBadConfig() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"),
                "-Dlobby.http.port=-1", "-Dlobby.auth.token-ttl=forever", Main.class.getName())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Main did not exit");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(Main.EXIT_BAD_CONFIG, p.exitValue(), out);
    assertTrue(out.contains("openlobby: Invalid configuration"), out);
    assertTrue(out.contains("lobby.http.port = -1"), out);
    assertTrue(out.contains("lobby.auth.token-ttl"), out);
    assertTrue(!out.contains("\tat "), "no stack trace: " + out);
  }
}
