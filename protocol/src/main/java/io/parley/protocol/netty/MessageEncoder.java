package io.parley.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.parley.protocol.codec.MessageCodec;

/**
 * Writes length and body into one buffer, so that each frame leaves in one write: the tutorial client
 * reads the header and the body with one read each and would misparse a frame split across segments.
 */
@ChannelHandler.Sharable
public final class MessageEncoder<O> extends MessageToByteEncoder<O> {
    private final MessageCodec<?, O> codec;

    public MessageEncoder(MessageCodec<?, O> codec, Class<? extends O> type) {
        super(type);
        this.codec = codec;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, O message, ByteBuf out) throws Exception {
        writeFrame(codec, message, out);
    }

    /** Writes one complete frame (header and body) for {@code message} into {@code out}. */
    public static <O> void writeFrame(MessageCodec<?, O> codec, O message, ByteBuf out) throws java.io.IOException {
        int start = out.writerIndex();
        out.writeInt(0);
        try (ByteBufOutputStream body = new ByteBufOutputStream(out)) {
            codec.encode(message, body);
        }
        out.setInt(start, out.writerIndex() - start - Frames.HEADER_LENGTH);
    }
}
