package io.openlobby.auth;

/**
 * Who a verified token speaks for: a player ({@code sub} = playerId), or a game backend when the
 * token's {@code role} claim is {@code service}.
 */
public record Principal(String playerId, String name, boolean service) {}
