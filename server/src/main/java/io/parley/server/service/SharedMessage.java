package io.parley.server.service;

import static java.util.Objects.requireNonNull;

import io.parley.protocol.message.ServerMessage;
import java.util.function.Function;

/**
 * A message with its encoded body kept, so that it is encoded once however often it is sent. Two uses: one
 * message sent to many sessions (a broadcast to thousands does not cost thousands of encodings), and a message
 * the service already encoded to measure it ({@link SeedFit}, for a tutorial connection), which the transport
 * then sends as it is.
 *
 * <p>The body is the frame's JSON envelope without the length header: the header is TCP's framing, which the
 * transport adds; another transport (a WebSocket's text frame) would send the same body its own way.
 */
public final class SharedMessage {
    private final ServerMessage message;
    private volatile byte[] body;
    /** What a transport made of the body once for every recipient; see {@link #framed}. */
    private volatile Object framed;
    /** What {@link #framed} holds after its first call. */
    private static final Object SENT_ONCE = new Object();

    /** A message to encode on first use; with {@code MessageCodec.server()}, as everything the server sends. */
    public SharedMessage(ServerMessage message) {
        this.message = requireNonNull(message, "message");
    }

    private SharedMessage(ServerMessage message, byte[] body) {
        this.message = message;
        this.body = body;
    }

    /** {@code message} with {@code body}, its encoding by {@code MessageCodec.server()}, already made. */
    static SharedMessage encoded(ServerMessage message, byte[] body) {
        return new SharedMessage(requireNonNull(message, "message"), requireNonNull(body, "body"));
    }

    public ServerMessage message() {
        return message;
    }

    /**
     * The encoded body, made by {@code encoder} the first time (unless the service made it already); racing
     * first calls may both encode. The caller must not change the array.
     */
    public byte[] body(Function<ServerMessage, byte[]> encoder) {
        byte[] b = body;
        if (b == null) {
            b = encoder.apply(message);
            body = b;
        }
        return b;
    }

    /**
     * The transport's own form of this message (the TCP listener's: the whole frame, off-heap, written to every
     * recipient without a copy), made by {@code maker} at the second call and kept for the later ones; null at
     * the first, when the transport writes the message its usual way. A message sent once (a reply, a message of
     * one session's backlog) is thus never worth a form of its own. Racing calls may each get null, or each make
     * one. One form is kept: a form of another {@code type} is made, not kept.
     */
    public <T> T framed(Class<T> type, Function<SharedMessage, T> maker) {
        Object f = framed;
        if (type.isInstance(f)) {
            return type.cast(f);
        }
        if (f == null) {
            framed = SENT_ONCE;
            return null;
        }
        T made = maker.apply(this);
        if (f == SENT_ONCE) {
            framed = made;
        }
        return made;
    }
}
