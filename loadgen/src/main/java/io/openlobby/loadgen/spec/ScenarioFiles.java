package io.openlobby.loadgen.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds and reads scenario files. {@code --scenario NAME} is a path when it ends in {@code .json}
 * or holds a '/'; otherwise {@code NAME.json} in the scenarios directory (system property {@code
 * loadgen.scenarios}, set by {@code loadgen/run}; else {@code ./scenarios} and {@code
 * ./loadgen/scenarios}), then on the classpath (the build copies loadgen/scenarios there). idle and
 * presence also run without a file, on the built-in defaults.
 */
public final class ScenarioFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ScenarioFiles() {}

  /** A scenario file that cannot be used, with a message that names the file and the problem. */
  public static final class BadScenarioFile extends RuntimeException {
    public BadScenarioFile(String message) {
      super(message, null, false, false);
    }
  }

  public static ScenarioFile load(String nameOrPath) {
    if (nameOrPath.endsWith(".json") || nameOrPath.contains("/")) {
      Path file = Path.of(nameOrPath);
      if (!Files.isRegularFile(file)) {
        throw new BadScenarioFile("scenario file " + file + " does not exist");
      }
      return read(file);
    }
    if (!nameOrPath.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new BadScenarioFile("scenario '" + nameOrPath + "' is neither a name nor a .json path");
    }
    String dir = System.getProperty("loadgen.scenarios");
    for (Path d : dir != null ? new Path[] {Path.of(dir)} : new Path[] {Path.of("scenarios"), Path.of("loadgen/scenarios")}) {
      Path file = d.resolve(nameOrPath + ".json");
      if (Files.isRegularFile(file)) {
        return read(file);
      }
    }
    try (InputStream in = ScenarioFiles.class.getResourceAsStream("/scenarios/" + nameOrPath + ".json")) {
      if (in != null) {
        return parse(in.readAllBytes(), "scenarios/" + nameOrPath + ".json (classpath)");
      }
    } catch (IOException e) {
      throw new BadScenarioFile("cannot read scenario " + nameOrPath + ": " + e.getMessage());
    }
    if (nameOrPath.equals("idle") || nameOrPath.equals("presence")) {
      return ScenarioFile.defaults(nameOrPath);
    }
    throw new BadScenarioFile("no scenario file " + nameOrPath + ".json (known: " + ScenarioFile.IMPLEMENTATIONS
        + ", or give a path to a .json file)");
  }

  public static ScenarioFile read(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw new BadScenarioFile("cannot read scenario file " + file + ": " + e.getMessage());
    }
  }

  /** Parses and checks one file's bytes; {@code origin} names it in the error. */
  public static ScenarioFile parse(byte[] bytes, String origin) {
    ScenarioFile f;
    try {
      f = JSON.readValue(bytes, ScenarioFile.class);
    } catch (UnrecognizedPropertyException e) {
      throw new BadScenarioFile("scenario file " + origin + ": unknown field '" + e.getPropertyName() + "' at "
          + e.getPathReference().replace("io.openlobby.loadgen.spec.", "") + "; known: " + e.getKnownPropertyIds());
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")";
      throw new BadScenarioFile("scenario file " + origin + " is not a valid scenario" + where + ": "
          + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadScenarioFile("cannot read scenario file " + origin + ": " + e.getMessage());
    }
    if (f == null) {
      throw new BadScenarioFile("scenario file " + origin + " is empty");
    }
    var problems = f.problems();
    if (!problems.isEmpty()) {
      throw new BadScenarioFile("scenario file " + origin + ": " + String.join("; ", problems));
    }
    return f;
  }
}
