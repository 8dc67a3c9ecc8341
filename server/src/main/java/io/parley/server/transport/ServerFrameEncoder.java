package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.Frames;
import io.parley.protocol.netty.MessageEncoder;
import io.parley.server.service.SharedMessage;

/**
 * Writes each frame as one buffer, header and body together (a tutorial client reads each with one read). It
 * writes whatever it is given, to any connection alike: what a connection may receive is the service's
 * decision, taken before a message reaches the link. A {@link ServerMessage} is encoded here, straight into the
 * buffer; a {@link SharedMessage} is encoded on first use and its body reused for every later recipient (or was
 * encoded by the service already, which measured it), so only the header is written per connection.
 */
@ChannelHandler.Sharable
final class ServerFrameEncoder extends MessageToByteEncoder<Object> {
    private final MessageCodec<?, ServerMessage> codec;
    /** A shared message's body, encoded once for all its recipients; the WebSocket listener's too. */
    private final ServerBodies bodies;

    ServerFrameEncoder(MessageCodec<?, ServerMessage> codec) {
        this.codec = codec;
        this.bodies = new ServerBodies(codec);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return bodies.writes(msg);
    }

    /** A shared message's frame has a known size: the buffer gets exactly that, never a second allocation. */
    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) throws Exception {
        if (msg instanceof SharedMessage) {
            int size = Frames.HEADER_LENGTH + bodies.body(msg).length;
            return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
        }
        return super.allocateBuffer(ctx, msg, preferDirect);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) throws Exception {
        if (msg instanceof SharedMessage) {
            byte[] body = bodies.body(msg);
            out.writeInt(body.length).writeBytes(body);
        } else {
            MessageEncoder.writeFrame(codec, (ServerMessage) msg, out);
        }
    }
}
