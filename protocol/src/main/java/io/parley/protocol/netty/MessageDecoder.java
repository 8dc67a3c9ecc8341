package io.parley.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.ProtocolException;
import java.util.List;

/** Decodes one frame body into a message, or into a {@link DecodeFailure} when it is not a valid message. */
@ChannelHandler.Sharable
public final class MessageDecoder<I> extends MessageToMessageDecoder<ByteBuf> {
    private final MessageCodec<I, ?> codec;

    public MessageDecoder(MessageCodec<I, ?> codec) {
        super(ByteBuf.class);
        this.codec = codec;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf body, List<Object> out) {
        try {
            out.add(decode(codec, body));
        } catch (ProtocolException e) {
            out.add(new DecodeFailure(e.type(), e.getMessage(), e.reqId(), e.clientMsgId()));
        }
    }

    /**
     * Decodes the readable bytes of {@code body}, in place when it has an array; a direct buffer's are copied out
     * once, which costs less than parsing through an InputStream over it.
     */
    public static <I> I decode(MessageCodec<I, ?> codec, ByteBuf body) throws ProtocolException {
        if (body.hasArray()) {
            return codec.decode(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        }
        return codec.decode(ByteBufUtil.getBytes(body));
    }
}
