package io.parley.protocol.message;

/** Extension: end this session; the server flushes what it has for the connection and closes it. */
public record LogoutMes() implements ClientMessage {}
