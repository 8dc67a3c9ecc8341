package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.MessageEncoder;
import java.io.IOException;
import java.util.Optional;

/**
 * The whole life of a refused connection: read its first frame, answer it with the refusal in a form its
 * client reads ({@link Admission#replyTo}), close. Waiting for that frame is what tells a Parley client
 * (first frame {@code HelloMes}) from a tutorial one, which must never receive a type outside the seed's;
 * the wait is bounded by a short grace ({@link LoginDeadlines#REFUSAL_GRACE_MILLIS}) and a small frame
 * limit, and only so many refused connections wait at once ({@link ConnectionLimiter#mayWait}); the frame is
 * not read for anything but its type.
 */
final class RefusalHandler extends ChannelInboundHandlerAdapter {
    /** Enough for any hello, login or register; a refused connection gets no more. */
    static final int MAX_BODY = 4096;

    private final Admission why;
    private final MessageCodec<?, ServerMessage> codec;
    private boolean answered;

    RefusalHandler(Admission why, MessageCodec<?, ServerMessage> codec) {
        this.why = why;
        this.codec = codec;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        ReferenceCountUtil.release(msg);
        if (answered) {
            return;
        }
        answered = true;
        ctx.channel().config().setAutoRead(false);
        Optional<ServerMessage> reply = msg instanceof ClientMessage first ? why.replyTo(first) : Optional.empty();
        if (reply.isEmpty()) {
            var unused = ctx.close(); // nothing to do if a close fails
            return;
        }
        ByteBuf frame = ctx.alloc().buffer();
        try {
            MessageEncoder.writeFrame(codec, reply.get(), frame);
        } catch (IOException | RuntimeException e) {
            frame.release();
            throw e;
        }
        ctx.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Too long a frame, a reset: a refused connection is closed whatever went wrong, and quietly.
        var unused = ctx.close(); // nothing to do if a close fails
    }
}
