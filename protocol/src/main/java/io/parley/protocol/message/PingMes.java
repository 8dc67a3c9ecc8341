package io.parley.protocol.message;

/** Extension: heartbeat; answered with {@link PongMes} echoing {@code ts}. */
public record PingMes(long ts) implements ClientMessage {}
