package io.parley.server.service;

import static java.util.Objects.requireNonNull;

import io.parley.protocol.message.ServerMessage;
import java.util.function.Function;

/**
 * One message sent to many sessions: the transport encodes it once, on first use, and every later recipient
 * gets the same bytes. This is what keeps a broadcast to thousands from costing thousands of encodings.
 */
public final class SharedMessage {
    private final ServerMessage message;
    private volatile byte[] frame;

    public SharedMessage(ServerMessage message) {
        this.message = requireNonNull(message, "message");
    }

    public ServerMessage message() {
        return message;
    }

    /** The encoded frame, made by {@code encoder} the first time; racing first calls may both encode. */
    public byte[] frame(Function<ServerMessage, byte[]> encoder) {
        byte[] f = frame;
        if (f == null) {
            f = encoder.apply(message);
            frame = f;
        }
        return f;
    }
}
