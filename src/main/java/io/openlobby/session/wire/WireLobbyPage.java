package io.openlobby.session.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A page of GET /v1/lobby/rooms; {@code nextCursor} is null (present) on the last page. */
public record WireLobbyPage(
    List<WireRoomSummary> rooms, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {}
