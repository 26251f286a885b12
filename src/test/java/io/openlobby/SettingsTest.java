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
