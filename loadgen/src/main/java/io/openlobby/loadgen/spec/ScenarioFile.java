package io.openlobby.loadgen.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The behaviour parameters of one scenario, read from {@code loadgen/scenarios/NAME.json}: which
 * implementation runs ({@code scenario}), the weighted {@code mix} of behaviours (lobby, matchmaking,
 * presence; the fractions of the players that follow each) and each behaviour's rates and think
 * times. A missing section or field takes its default; an unknown field is an error.
 */
public record ScenarioFile(
    String scenario,
    String description,
    Map<String, Double> mix,
    PresenceParams presence,
    LobbyParams lobby,
    MatchmakingParams matchmaking,
    ResumeParams resume) {

  public static final List<String> IMPLEMENTATIONS = List.of("idle", "presence", "lobby", "matchmaking", "mixed");
  public static final List<String> BEHAVIOURS = List.of("presence", "lobby", "matchmaking");

  public ScenarioFile {
    mix = mix == null ? Map.of() : Map.copyOf(mix);
    presence = presence == null ? new PresenceParams(null, null, null) : presence;
    lobby = lobby == null ? LobbyParams.DEFAULTS : lobby;
    matchmaking = matchmaking == null ? MatchmakingParams.DEFAULTS : matchmaking;
    resume = resume == null ? new ResumeParams(null) : resume;
  }

  /** The defaults of a built-in scenario without a file (idle and presence keep working without one). */
  public static ScenarioFile defaults(String scenario) {
    Map<String, Double> mix = BEHAVIOURS.contains(scenario) ? Map.of(scenario, 1.0) : Map.of();
    return new ScenarioFile(scenario, null, mix, null, null, null, null);
  }

  /** Every problem found, each naming its field; empty when the file is good. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (scenario == null || !IMPLEMENTATIONS.contains(scenario)) {
      p.add("scenario must be one of " + IMPLEMENTATIONS + " (was " + quoted(scenario) + ")");
    }
    double sum = 0;
    for (Map.Entry<String, Double> e : mix.entrySet()) {
      if (!BEHAVIOURS.contains(e.getKey())) {
        p.add("mix: unknown behaviour " + quoted(e.getKey()) + "; known: " + BEHAVIOURS);
      }
      if (e.getValue() == null || !(e.getValue() >= 0)) {
        p.add("mix." + e.getKey() + " must be a number >= 0 (was " + e.getValue() + ")");
      } else {
        sum += e.getValue();
      }
    }
    if (List.of("lobby", "matchmaking", "mixed").contains(scenario) && !(sum > 0)) {
      p.add("mix must give at least one behaviour a weight > 0");
    }
    presence.check(p);
    lobby.check(p);
    matchmaking.check(p);
    resume.check(p);
    return p;
  }

  static String quoted(String s) {
    return s == null ? "nothing" : "'" + s + "'";
  }

  /** Adds "field must be from lo to hi (was v)" when {@code v} is outside [lo, hi]. */
  static void range(List<String> p, String field, double v, double lo, double hi) {
    if (!(v >= lo && v <= hi)) {
      p.add(field + " must be from " + fmt(lo) + " to " + fmt(hi) + " (was " + fmt(v) + ")");
    }
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }

  /** presence: the social graph and the status changes; also the light presence behaviour of mixed. */
  public record PresenceParams(Integer watchersPerPlayer, Double changeRate, Long seed) {
    public PresenceParams {
      watchersPerPlayer = watchersPerPlayer == null ? 20 : watchersPerPlayer;
      changeRate = changeRate == null ? 0.01 : changeRate;
      seed = seed == null ? 42L : seed;
    }

    void check(List<String> p) {
      range(p, "presence.watchersPerPlayer", watchersPerPlayer, 0, 1_000);
      range(p, "presence.changeRate", changeRate, 0, 1);
    }
  }

  /** Disconnect and resume: the fraction of the (presence) players per second that drop and resume. */
  public record ResumeParams(Double rate) {
    public ResumeParams {
      rate = rate == null ? 0.0 : rate;
    }

    void check(List<String> p) {
      range(p, "resume.rate", rate, 0, 1);
    }
  }
}
