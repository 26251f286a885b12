package io.openlobby.loadgen.spec;

import java.util.List;

/**
 * lobby: a {@code hostFraction} of the lobby players are hosts that create a room, chat in it and
 * leave it again, over and over; the others browse {@code GET /v1/lobby/rooms} (up to {@code
 * browsePages} pages of {@code pageSize}), join a room they found, chat and leave. Every lobby player
 * subscribes to the lobby of {@code mode}: all at once when the lobby players start, or spread
 * uniformly over {@code subscribeSpreadMs} (a subscribe storm of 19,000 sockets at one instant
 * measures the storm, not the fan-out). Times are means in milliseconds; each wait is drawn
 * uniformly from 0.5 to 1.5 times its mean.
 */
public record LobbyParams(
    String mode,
    Double hostFraction,
    Integer maxPlayers,
    Long roomLifetimeMs,
    Long visitMs,
    Long thinkMs,
    Long chatIntervalMs,
    Integer pageSize,
    Integer browsePages,
    Long subscribeSpreadMs) {

  public static final LobbyParams DEFAULTS =
      new LobbyParams(null, null, null, null, null, null, null, null, null, null);

  public LobbyParams {
    mode = mode == null ? "casual" : mode;
    hostFraction = hostFraction == null ? 0.1 : hostFraction;
    maxPlayers = maxPlayers == null ? 8 : maxPlayers;
    roomLifetimeMs = roomLifetimeMs == null ? 10_000L : roomLifetimeMs;
    visitMs = visitMs == null ? 5_000L : visitMs;
    thinkMs = thinkMs == null ? 2_000L : thinkMs;
    chatIntervalMs = chatIntervalMs == null ? 2_000L : chatIntervalMs;
    pageSize = pageSize == null ? 50 : pageSize;
    browsePages = browsePages == null ? 2 : browsePages;
    subscribeSpreadMs = subscribeSpreadMs == null ? 0L : subscribeSpreadMs;
  }

  void check(List<String> p) {
    if (!mode.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
      p.add("lobby.mode must be 1 to 32 of a-z 0-9 _ -, starting with a letter or digit (was '" + mode + "')");
    }
    ScenarioFile.range(p, "lobby.hostFraction", hostFraction, 0, 1);
    ScenarioFile.range(p, "lobby.maxPlayers", maxPlayers, 2, 100);
    ScenarioFile.range(p, "lobby.roomLifetimeMs", roomLifetimeMs, 1, 3_600_000);
    ScenarioFile.range(p, "lobby.visitMs", visitMs, 1, 3_600_000);
    ScenarioFile.range(p, "lobby.thinkMs", thinkMs, 1, 3_600_000);
    ScenarioFile.range(p, "lobby.chatIntervalMs", chatIntervalMs, 1, 3_600_000);
    ScenarioFile.range(p, "lobby.pageSize", pageSize, 1, 200);
    ScenarioFile.range(p, "lobby.browsePages", browsePages, 1, 100);
    ScenarioFile.range(p, "lobby.subscribeSpreadMs", subscribeSpreadMs, 0, 3_600_000);
  }
}
