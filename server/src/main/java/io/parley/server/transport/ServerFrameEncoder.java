package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageEncoder;
import io.parley.server.service.ClientSession;
import io.parley.server.service.SharedMessage;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each frame as one buffer, header and body together. For a tutorial connection it also keeps the
 * seed's promises: only the six seed types ever leave, and none larger than the 8096 bytes that client
 * can read ({@link LegacyFit} trims the one or two kinds of message that can grow).
 */
@ChannelHandler.Sharable
final class ServerFrameEncoder extends MessageToByteEncoder<Object> {
    private static final Logger log = LoggerFactory.getLogger(ServerFrameEncoder.class);

    private final MessageCodec<?, ServerMessage> codec;

    ServerFrameEncoder(MessageCodec<?, ServerMessage> codec) {
        this.codec = codec;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof ServerMessage || msg instanceof SharedMessage;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) throws Exception {
        ClientSession session = Connections.session(ctx.channel());
        boolean legacy = session == null || !session.extended();
        ServerMessage message = msg instanceof SharedMessage shared ? shared.message() : (ServerMessage) msg;
        if (legacy && !WireTypes.SEED.contains(codec.typeOf(message))) {
            log.debug("not sending {} to tutorial connection {}", codec.typeOf(message), session);
            return;
        }
        if (msg instanceof SharedMessage shared) {
            byte[] frame = shared.frame(this::frameOf);
            if (!legacy || frame.length - Frames.HEADER_LENGTH <= Frames.LEGACY_MAX_BODY) {
                out.writeBytes(frame);
                return;
            }
        }
        int start = out.writerIndex();
        MessageEncoder.writeFrame(codec, message, out);
        int body = out.writerIndex() - start - Frames.HEADER_LENGTH;
        if (legacy && body > Frames.LEGACY_MAX_BODY) {
            out.writerIndex(start);
            MessageEncoder.writeFrame(codec, LegacyFit.fit(codec, message, session == null ? 0 : session.userId()), out);
        }
    }

    private byte[] frameOf(ServerMessage message) {
        byte[] body = codec.encode(message);
        return ByteBuffer.allocate(Frames.HEADER_LENGTH + body.length).putInt(body.length).put(body).array();
    }
}
