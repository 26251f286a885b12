package io.openlobby.match;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.openlobby.CborSerializable;
import java.util.List;

/** What a queue tells every session of a ticket's players (through their Player entities). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
@JsonSubTypes({
  @JsonSubTypes.Type(value = MatchNotice.Status.class, name = "status"),
  @JsonSubTypes.Type(value = MatchNotice.Found.class, name = "found")
})
public sealed interface MatchNotice extends CborSerializable {
  String ticketId();

  /**
   * match.status. {@code position} and {@code estimatedWaitMs} while searching (estimate -1:
   * unknown yet); {@code matchId} and {@code acceptBy} while proposed; {@code reason} when the
   * ticket ended (cancelled, member_left, declined, expired, lost).
   */
  record Status(
      String ticketId,
      TicketStatus status,
      int position,
      long estimatedWaitMs,
      String reason,
      String matchId,
      long acceptBy)
      implements MatchNotice {

    static Status searching(String ticketId, int position, long estimatedWaitMs) {
      return new Status(ticketId, TicketStatus.SEARCHING, position, estimatedWaitMs, null, null, 0);
    }

    static Status proposed(String ticketId, String matchId, long acceptBy) {
      return new Status(ticketId, TicketStatus.PROPOSED, 0, -1, null, matchId, acceptBy);
    }

    static Status ended(String ticketId, TicketStatus status, String reason) {
      return new Status(ticketId, status, 0, -1, reason, null, 0);
    }

    /** The ticket's queue no longer has it (its node crashed): it ended, the player may queue again. */
    public static Status lost(String ticketId) {
      return ended(ticketId, TicketStatus.CANCELLED, "lost");
    }
  }

  /** match.found: the room exists (in game) with these teams. */
  record Found(String ticketId, String roomId, String mode, List<List<String>> teams)
      implements MatchNotice {}
}
