package io.openlobby.directory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;

/**
 * A position in a mode's listing, which is ordered by (createdAt, roomId): a page holds the rooms
 * after its cursor, so paging while rooms come and go shows no room twice and skips none that
 * existed throughout. Opaque to clients (base64url of "createdAt:roomId").
 */
public record LobbyCursor(long createdAt, String roomId) {
  public static final Comparator<LobbyCursor> ORDER =
      Comparator.comparingLong(LobbyCursor::createdAt).thenComparing(LobbyCursor::roomId);

  public static LobbyCursor of(RoomSummary room) {
    return new LobbyCursor(room.createdAt(), room.roomId());
  }

  public String encode() {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((createdAt + ":" + roomId).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor a client sent back, or empty when it is not one of ours. */
  public static Optional<LobbyCursor> decode(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      if (colon <= 0 || colon == raw.length() - 1) {
        return Optional.empty();
      }
      return Optional.of(new LobbyCursor(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1)));
    } catch (IllegalArgumentException e) { // bad base64 or number
      return Optional.empty();
    }
  }
}
