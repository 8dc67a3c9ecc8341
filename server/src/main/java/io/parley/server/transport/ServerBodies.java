package io.parley.server.transport;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.WebSocketBodies;
import io.parley.server.service.SharedMessage;
import java.util.function.Function;

/**
 * The body of what the server writes: a {@link ServerMessage}, encoded here, or a {@link SharedMessage}, whose body
 * is encoded on first use and reused for every later recipient. The WebSocket listener sends each as one text
 * message; {@link ServerFrameEncoder} puts the length in front of a shared one.
 */
final class ServerBodies implements WebSocketBodies.Writer {
    private final MessageCodec<?, ServerMessage> codec;
    /** Made once: a method reference made per write would be an allocation per frame. */
    private final Function<ServerMessage, byte[]> bodyOf;

    ServerBodies(MessageCodec<?, ServerMessage> codec) {
        this.codec = codec;
        this.bodyOf = codec::encode;
    }

    @Override
    public boolean writes(Object message) {
        return message instanceof ServerMessage || message instanceof SharedMessage;
    }

    @Override
    public byte[] body(Object message) {
        return message instanceof SharedMessage shared ? shared.body(bodyOf) : codec.encode((ServerMessage) message);
    }
}
