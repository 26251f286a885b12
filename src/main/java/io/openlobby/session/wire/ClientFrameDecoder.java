package io.openlobby.session.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.directory.LobbyFilter;
import io.openlobby.http.Json;
import java.util.Iterator;
import io.openlobby.player.PresenceStatus;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one client text frame into a {@link ClientFrame}, checking every field once. Never throws:
 * whatever is wrong becomes a {@link ClientFrame.Rejected} with the contract's code.
 */
public final class ClientFrameDecoder {
  private static final Pattern MODE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final int ATTRIBUTE_KEY_MAX = 32;
  private static final int ATTRIBUTE_VALUE_MAX = 128;
  private static final int ACTIVITY_MAX = 128;
  private static final int PLAYER_ID_MAX = 128;
  private static final int CHAT_MAX = 500;
  private static final int TICKET_ID_MAX = 128;

  private final Settings.Rooms rooms;
  private final int maxFrameChars;
  private final int maxPlayerIds;

  public ClientFrameDecoder(Settings.Rooms rooms, int maxFrameChars, int maxPlayerIds) {
    this.rooms = rooms;
    this.maxFrameChars = maxFrameChars;
    this.maxPlayerIds = maxPlayerIds;
  }

  public ClientFrame decode(String text) {
    if (text.length() > maxFrameChars) {
      return new ClientFrame.Rejected(
          null, ErrorCode.PAYLOAD_TOO_LARGE, "Frames are limited to " + maxFrameChars + " characters");
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return new ClientFrame.Rejected(null, ErrorCode.BAD_REQUEST, "Frame is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      return new ClientFrame.Rejected(null, ErrorCode.BAD_REQUEST, "Frame must be a JSON object");
    }
    JsonNode rid = root.get("rid");
    if (rid != null && !(rid.isTextual() || rid.isIntegralNumber())) {
      return new ClientFrame.Rejected(null, ErrorCode.BAD_REQUEST, "rid must be a string or an integer");
    }
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      return new ClientFrame.Rejected(rid, ErrorCode.BAD_REQUEST, "type is required and must be a string");
    }
    try {
      return switch (type.asText()) {
        case "ping" -> new ClientFrame.Ping(rid);
        case "room.create" -> roomCreate(rid, root);
        case "room.join" -> roomJoin(rid, root);
        case "room.leave" -> new ClientFrame.RoomLeave(rid);
        case "room.ready" -> new ClientFrame.RoomReady(rid, bool(root, "ready"));
        case "room.kick" -> new ClientFrame.RoomKick(rid, string(root, "playerId", PLAYER_ID_MAX));
        case "room.chat" -> new ClientFrame.RoomChat(rid, string(root, "text", CHAT_MAX));
        case "room.start" -> new ClientFrame.RoomStart(rid);
        case "presence.set" -> presenceSet(rid, root);
        case "lobby.subscribe" -> new ClientFrame.LobbySubscribe(rid, mode(root), lobbyFilter(root.get("filter")));
        case "lobby.unsubscribe" -> new ClientFrame.LobbyUnsubscribe(rid, mode(root));
        case "presence.watch" -> new ClientFrame.PresenceWatch(rid, playerIds(root));
        case "presence.unwatch" -> new ClientFrame.PresenceUnwatch(rid, playerIds(root));
        case "match.accept" -> new ClientFrame.MatchAnswer(rid, string(root, "ticketId", TICKET_ID_MAX), true);
        case "match.decline" -> new ClientFrame.MatchAnswer(rid, string(root, "ticketId", TICKET_ID_MAX), false);
        default -> new ClientFrame.Rejected(
            rid, ErrorCode.UNKNOWN_TYPE, "Unknown message type: " + abbreviate(type.asText()));
      };
    } catch (BadField e) {
      return new ClientFrame.Rejected(rid, ErrorCode.BAD_REQUEST, e.getMessage());
    }
  }

  private static String mode(JsonNode root) {
    String mode = string(root, "mode", 32);
    if (!MODE.matcher(mode).matches()) {
      throw new BadField("mode must be 1 to 32 of a-z, 0-9, _ and -, starting with a letter or digit");
    }
    return mode;
  }

  /** {region?, open? (default true), attributes?}; absent: open rooms of any region. */
  private LobbyFilter lobbyFilter(JsonNode filter) {
    if (filter == null || filter.isNull()) {
      return LobbyFilter.OPEN;
    }
    if (!filter.isObject()) {
      throw new BadField("filter must be an object {region?, open?, attributes?}");
    }
    JsonNode region = filter.get("region");
    if (region != null && !region.isNull() && (!region.isTextual() || region.asText().isEmpty())) {
      throw new BadField("filter.region must be a non-empty string");
    }
    JsonNode open = filter.get("open");
    if (open != null && !open.isNull() && !open.isBoolean()) {
      throw new BadField("filter.open must be true or false");
    }
    return new LobbyFilter(
        region == null || region.isNull() ? null : region.asText(),
        open == null || open.isNull() || open.asBoolean(),
        attributes(filter));
  }

  private ClientFrame roomCreate(JsonNode rid, JsonNode root) {
    String mode = mode(root);
    String name = string(root, "name", rooms.nameMaxLength()).strip();
    if (name.isEmpty()) {
      throw new BadField("name must not be blank");
    }
    JsonNode max = root.get("maxPlayers");
    if (max == null || !max.isIntegralNumber()
        || max.asLong() < 2 || max.asLong() > rooms.maxPlayersLimit()) {
      throw new BadField("maxPlayers must be an integer from 2 to " + rooms.maxPlayersLimit());
    }
    JsonNode priv = root.get("private");
    if (priv != null && !priv.isBoolean() && !priv.isNull()) {
      throw new BadField("private must be true or false");
    }
    return new ClientFrame.RoomCreate(
        rid, mode, name, max.asInt(), priv != null && priv.asBoolean(), attributes(root));
  }

  private ClientFrame roomJoin(JsonNode rid, JsonNode root) {
    boolean byId = root.hasNonNull("roomId");
    boolean byCode = root.hasNonNull("joinCode");
    if (!byId && !byCode) {
      throw new BadField("room.join needs roomId (and joinCode for a private room) or joinCode");
    }
    return new ClientFrame.RoomJoin(
        rid,
        byId ? string(root, "roomId", 64) : null,
        byCode ? string(root, "joinCode", 16) : null);
  }

  private ClientFrame presenceSet(JsonNode rid, JsonNode root) {
    JsonNode status = root.get("status");
    PresenceStatus chosen =
        status == null || !status.isTextual()
            ? null
            : PresenceStatus.settable(status.asText()).orElse(null);
    if (chosen == null) {
      throw new BadField("status must be one of online, away, busy, invisible");
    }
    JsonNode activity = root.get("activity");
    if (activity != null && !activity.isNull()
        && (!activity.isTextual() || activity.asText().length() > ACTIVITY_MAX)) {
      throw new BadField("activity must be a string of at most " + ACTIVITY_MAX + " characters");
    }
    return new ClientFrame.PresenceSet(
        rid, chosen, activity == null || activity.isNull() ? null : activity.asText());
  }

  /** A non-empty array of distinct player ids, at most the per-session watch cap. */
  private List<String> playerIds(JsonNode root) {
    JsonNode ids = root.get("playerIds");
    if (ids == null || !ids.isArray() || ids.isEmpty() || ids.size() > maxPlayerIds) {
      throw new BadField("playerIds must be an array of 1 to " + maxPlayerIds + " player ids");
    }
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode id : ids) {
      if (!id.isTextual() || id.asText().isEmpty() || id.asText().length() > PLAYER_ID_MAX) {
        throw new BadField("each player id must be a string of 1 to " + PLAYER_ID_MAX + " characters");
      }
      out.add(id.asText());
    }
    return List.copyOf(out);
  }

  private Map<String, String> attributes(JsonNode root) {
    JsonNode node = root.get("attributes");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject() || node.size() > rooms.attributesMax()) {
      throw new BadField(
          "attributes must be an object of at most " + rooms.attributesMax() + " string values");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().isEmpty() || e.getKey().length() > ATTRIBUTE_KEY_MAX
          || !e.getValue().isTextual() || e.getValue().asText().length() > ATTRIBUTE_VALUE_MAX) {
        throw new BadField(
            "attribute keys are 1 to " + ATTRIBUTE_KEY_MAX + " characters and values strings of at most "
                + ATTRIBUTE_VALUE_MAX);
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static boolean bool(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isBoolean()) {
      throw new BadField(field + " is required and must be true or false");
    }
    return node.asBoolean();
  }

  private static String string(JsonNode root, String field, int maxLength) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual() || node.asText().isEmpty()) {
      throw new BadField(field + " is required and must be a non-empty string");
    }
    if (node.asText().length() > maxLength) {
      throw new BadField(field + " is longer than " + maxLength + " characters");
    }
    return node.asText();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }

  /** A field that breaks the contract; its message is sent back to the client. */
  private static final class BadField extends RuntimeException {
    BadField(String message) {
      super(message, null, false, false);
    }
  }
}
