package io.openlobby.match;

import io.openlobby.CborSerializable;
import java.util.List;

/**
 * A ticket as GET /v1/matchmaking/tickets/{id} shows it. {@code position} and {@code
 * estimatedWaitMs} only while searching (estimate -1: unknown yet), {@code roomId} once matched,
 * {@code reason} once cancelled or expired.
 */
public record TicketView(
    String ticketId,
    TicketStatus status,
    String mode,
    String region,
    List<String> players,
    int position,
    long estimatedWaitMs,
    String roomId,
    String reason)
    implements CborSerializable {}
