package io.parley.protocol.message;

/** Extension: the answer to {@link PingMes}. */
public record PongMes(long ts) implements ServerMessage {}
