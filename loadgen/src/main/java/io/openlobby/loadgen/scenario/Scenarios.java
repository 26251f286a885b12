package io.openlobby.loadgen.scenario;

import io.openlobby.loadgen.client.ClientContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The registry of scenarios by name. */
public final class Scenarios {
  private Scenarios() {}

  public static List<String> names() {
    return io.openlobby.loadgen.spec.ScenarioFile.IMPLEMENTATIONS;
  }

  public static Scenario create(String name, ClientContext context) {
    switch (name) {
      case IdleScenario.NAME:
        return new IdleScenario(context);
      case PresenceScenario.NAME:
        return new PresenceScenario(context);
      case "lobby":
      case "matchmaking":
      case "mixed":
        return new BehaviourScenario(context);
      default:
        throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + names());
    }
  }

  /** For picocli's completion candidates (and ${COMPLETION-CANDIDATES} in the help). */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return new ArrayList<>(names()).iterator();
    }
  }
}
