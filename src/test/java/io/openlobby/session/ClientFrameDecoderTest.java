package io.openlobby.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.openlobby.ErrorCode;
import io.openlobby.Settings;
import io.openlobby.session.wire.ClientFrame;
import io.openlobby.session.wire.ClientFrameDecoder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientFrameDecoderTest {
  private final ClientFrameDecoder decoder =
      new ClientFrameDecoder(new Settings.Rooms(10, 16, 2), 200, 3);

  private ClientFrame.Rejected rejected(String text, ErrorCode code) {
    ClientFrame.Rejected r = assertInstanceOf(ClientFrame.Rejected.class, decoder.decode(text));
    assertEquals(code, r.code(), r.message());
    return r;
  }

  @Test
  void decodesTheKnownTypes() {
    assertInstanceOf(ClientFrame.Ping.class, decoder.decode("{\"type\":\"ping\"}"));
    ClientFrame.RoomCreate c =
        assertInstanceOf(
            ClientFrame.RoomCreate.class,
            decoder.decode(
                "{\"type\":\"room.create\",\"rid\":7,\"mode\":\"duel\",\"name\":\"  x \",\"maxPlayers\":10,"
                    + "\"private\":true,\"attributes\":{\"map\":\"dust\"}}"));
    assertEquals("x", c.name());
    assertEquals(7, c.rid().asInt());
    assertTrue(c.isPrivate());
    assertEquals(Map.of("map", "dust"), c.attributes());
    ClientFrame.RoomJoin byCode =
        assertInstanceOf(ClientFrame.RoomJoin.class, decoder.decode("{\"type\":\"room.join\",\"joinCode\":\"ABC\"}"));
    assertNull(byCode.roomId());
    assertInstanceOf(ClientFrame.RoomLeave.class, decoder.decode("{\"type\":\"room.leave\",\"extra\":1}"));
  }

  @Test
  void everyBadFrameIsATypedRejection() {
    rejected("{", ErrorCode.BAD_REQUEST);
    rejected("", ErrorCode.BAD_REQUEST);
    rejected("null", ErrorCode.BAD_REQUEST);
    rejected("\"ping\"", ErrorCode.BAD_REQUEST);
    rejected("{\"type\":5}", ErrorCode.BAD_REQUEST);
    rejected("{\"type\":\"ping\",\"rid\":1.5}", ErrorCode.BAD_REQUEST);
    assertEquals("q", rejected("{\"type\":\"nope\",\"rid\":\"q\"}", ErrorCode.UNKNOWN_TYPE).rid().asText());
    rejected("{\"type\":\"" + "x".repeat(300) + "\"}", ErrorCode.PAYLOAD_TOO_LARGE);
    String create = "{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"n\",";
    rejected(create + "\"maxPlayers\":11}", ErrorCode.BAD_REQUEST);
    rejected(create + "\"maxPlayers\":\"4\"}", ErrorCode.BAD_REQUEST);
    rejected(create + "\"maxPlayers\":2.5}", ErrorCode.BAD_REQUEST);
    rejected(create + "\"maxPlayers\":4,\"private\":\"yes\"}", ErrorCode.BAD_REQUEST);
    rejected(create + "\"maxPlayers\":4,\"attributes\":[1]}", ErrorCode.BAD_REQUEST);
    rejected(create + "\"maxPlayers\":4,\"attributes\":{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}}", ErrorCode.BAD_REQUEST);
    rejected("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"   \",\"maxPlayers\":4}", ErrorCode.BAD_REQUEST);
    rejected("{\"type\":\"room.create\",\"mode\":\"duel\",\"name\":\"" + "n".repeat(17) + "\",\"maxPlayers\":4}", ErrorCode.BAD_REQUEST);
    rejected("{\"type\":\"room.join\",\"roomId\":\"\"}", ErrorCode.BAD_REQUEST);
    rejected("{\"type\":\"room.join\",\"roomId\":5}", ErrorCode.BAD_REQUEST);
  }
}
