package io.openlobby.loadgen.spec;

import java.util.List;

/**
 * matchmaking: players post tickets for {@code mode} in {@code region} (skill drawn from 1500 +-
 * {@code skillSpread}); a {@code partyFraction} of them queue in parties of two for {@code
 * partyMode}. A {@code proposed} ready-check is accepted after {@code acceptThinkMs}, or declined by a
 * {@code declineFraction}; after {@code match.found} the player plays for {@code playMs}, leaves the
 * room and queues again after {@code requeueMs}. A ticket without a match after {@code
 * ticketTimeoutMs} is cancelled and posted again. Times are means (uniform from 0.5 to 1.5 times).
 */
public record MatchmakingParams(
    String mode,
    String partyMode,
    String region,
    Integer skillSpread,
    Double partyFraction,
    Double declineFraction,
    Long acceptThinkMs,
    Long playMs,
    Long requeueMs,
    Long ticketTimeoutMs) {

  public static final MatchmakingParams DEFAULTS =
      new MatchmakingParams(null, null, null, null, null, null, null, null, null, null);

  public MatchmakingParams {
    mode = mode == null ? "duel" : mode;
    partyMode = partyMode == null ? "squads" : partyMode;
    region = region == null ? "eu" : region;
    skillSpread = skillSpread == null ? 300 : skillSpread;
    partyFraction = partyFraction == null ? 0.0 : partyFraction;
    declineFraction = declineFraction == null ? 0.0 : declineFraction;
    acceptThinkMs = acceptThinkMs == null ? 1_000L : acceptThinkMs;
    playMs = playMs == null ? 5_000L : playMs;
    requeueMs = requeueMs == null ? 1_000L : requeueMs;
    ticketTimeoutMs = ticketTimeoutMs == null ? 60_000L : ticketTimeoutMs;
  }

  void check(List<String> p) {
    for (String[] f : new String[][] {{"mode", mode}, {"partyMode", partyMode}}) {
      if (!f[1].matches("[a-z0-9][a-z0-9_-]{0,31}")) {
        p.add("matchmaking." + f[0] + " must be 1 to 32 of a-z 0-9 _ - (was '" + f[1] + "')");
      }
    }
    if (region.isBlank()) {
      p.add("matchmaking.region must not be blank");
    }
    ScenarioFile.range(p, "matchmaking.skillSpread", skillSpread, 0, 1_000_000);
    ScenarioFile.range(p, "matchmaking.partyFraction", partyFraction, 0, 1);
    ScenarioFile.range(p, "matchmaking.declineFraction", declineFraction, 0, 1);
    ScenarioFile.range(p, "matchmaking.acceptThinkMs", acceptThinkMs, 0, 600_000);
    ScenarioFile.range(p, "matchmaking.playMs", playMs, 0, 3_600_000);
    ScenarioFile.range(p, "matchmaking.requeueMs", requeueMs, 0, 3_600_000);
    ScenarioFile.range(p, "matchmaking.ticketTimeoutMs", ticketTimeoutMs, 1, 3_600_000);
  }
}
