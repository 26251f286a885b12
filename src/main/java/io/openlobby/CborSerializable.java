package io.openlobby;

/**
 * Marker for every message, event and state that crosses the cluster or goes to the journal. Bound
 * to Jackson CBOR in application.conf; domain records carry no JSON annotations.
 */
public interface CborSerializable {}
