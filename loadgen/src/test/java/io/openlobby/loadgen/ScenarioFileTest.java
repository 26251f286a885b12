package io.openlobby.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openlobby.loadgen.spec.ScenarioFile;
import io.openlobby.loadgen.spec.ScenarioFiles;
import io.openlobby.loadgen.spec.ScenarioFiles.BadScenarioFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScenarioFileTest {

  private static String badMessage(String json) {
    return assertThrows(BadScenarioFile.class,
        () -> ScenarioFiles.parse(json.getBytes(StandardCharsets.UTF_8), "t.json")).getMessage();
  }

  @Test
  void theShippedFilesParse() {
    for (String name : ScenarioFile.IMPLEMENTATIONS) {
      ScenarioFile f = ScenarioFiles.load(name);
      assertEquals(name, f.scenario());
    }
    ScenarioFile mixed = ScenarioFiles.load("mixed");
    assertEquals(Map.of("presence", 0.5, "lobby", 0.3, "matchmaking", 0.2), mixed.mix());
    assertEquals(0.005, mixed.resume().rate());
    assertEquals(10, mixed.presence().watchersPerPlayer());
    assertEquals(0.2, ScenarioFiles.load("matchmaking").matchmaking().partyFraction());
  }

  @Test
  void missingFieldsTakeTheirDefaults() {
    ScenarioFile f = ScenarioFiles.parse("{\"scenario\":\"lobby\",\"mix\":{\"lobby\":1},\"lobby\":{\"maxPlayers\":4}}"
        .getBytes(StandardCharsets.UTF_8), "t.json");
    assertEquals(4, f.lobby().maxPlayers());
    assertEquals("casual", f.lobby().mode());
    assertEquals(0.1, f.lobby().hostFraction());
    assertEquals("duel", f.matchmaking().mode());
    assertEquals(0.0, f.resume().rate());
  }

  @Test
  void badFilesGiveAClearError() {
    assertTrue(badMessage("{\"scenario\":\"lobby\",\"mix\":{\"lobby\":1},\"lobby\":{\"hosts\":3}}")
        .contains("scenario file t.json: unknown field 'hosts' at ScenarioFile[\"lobby\"]"));
    assertTrue(badMessage("{\"scenario\":\"lobby\",").contains("scenario file t.json is not a valid scenario (line 1"));
    assertTrue(badMessage("{\"scenario\":\"lobby\",\"mix\":{\"lobby\":1},\"lobby\":{\"maxPlayers\":\"many\"}}")
        .contains("is not a valid scenario"));
    String m = badMessage("{\"scenario\":\"mixed\",\"mix\":{\"chess\":1},\"matchmaking\":{\"declineFraction\":1.5}}");
    assertTrue(m.contains("mix: unknown behaviour 'chess'"), m);
    assertTrue(m.contains("matchmaking.declineFraction must be from 0 to 1 (was 1.5)"), m);
    assertTrue(badMessage("{\"scenario\":\"chess\"}").contains("scenario must be one of [idle, presence, lobby"));
    assertTrue(badMessage("{\"scenario\":\"lobby\"}").contains("mix must give at least one behaviour a weight > 0"));
    assertTrue(badMessage("{\"scenario\":\"lobby\",\"mix\":{\"lobby\":1},\"lobby\":{\"mode\":\"No Spaces\"}}")
        .contains("lobby.mode must be 1 to 32 of a-z 0-9 _ -"));
    assertTrue(assertThrows(BadScenarioFile.class, () -> ScenarioFiles.load("/nonexistent/x.json")).getMessage()
        .contains("scenario file /nonexistent/x.json does not exist"));
  }

  @Test
  void theCommandLineNamesTheBadFileAndFlagsOverrideTheFile(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"scenario\":\"presence\",\"presence\":{\"changeRate\":7}}");
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertEquals(2, cl.execute("--target", "http://127.0.0.1:1", "--scenario", bad.toString()));
    assertTrue(err.toString().contains("--scenario: scenario file " + bad + ": presence.changeRate must be from 0 to 1"),
        err.toString());

    Path good = dir.resolve("good.json");
    Files.writeString(good, "{\"scenario\":\"presence\",\"presence\":{\"changeRate\":0.5,\"watchersPerPlayer\":3},"
        + "\"resume\":{\"rate\":0.1}}");
    CommandLine c2 = Main.commandLine();
    c2.parseArgs("--target", "http://127.0.0.1:1", "--scenario", good.toString(), "--watchers-per-player", "7");
    RunConfig config = ((LoadgenCommand) c2.getCommand()).validate();
    assertEquals("presence", config.scenario());
    assertEquals(7, config.watchersPerPlayer());
    assertEquals(0.5, config.changeRate());
    assertEquals(0.1, config.spec().resume().rate());
  }
}
