package io.parley.protocol.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * The WebSocket mapping of frames (docs/protocol.md, "WebSocket"): a text message's payload is one envelope,
 * exactly a TCP frame's body without the length in front, so the handlers after this one cannot tell the two
 * transports apart. A binary message is refused with close code 1003, and a message over the frame limit with
 * 1009. Put it after Netty's WebSocket framing and its {@code WebSocketFrameAggregator}, so that it sees whole
 * messages and never a ping or a close.
 */
@ChannelHandler.Sharable
public final class WebSocketBodies extends MessageToMessageCodec<WebSocketFrame, Object> {
    /** What this side writes, and the envelope of each message. */
    public interface Writer {
        boolean writes(Object message);

        byte[] body(Object message);
    }

    private final Writer writer;

    public WebSocketBodies(Writer writer) {
        this.writer = writer;
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return writer.writes(msg);
    }

    /** The body is wrapped, not copied: a body shared by many connections stays one array. */
    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        out.add(new TextWebSocketFrame(Unpooled.wrappedBuffer(writer.body(msg))));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof TextWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            // Continuations were joined before this handler, and pings and closes answered: what is left is binary.
            refuse(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "Parley speaks JSON in text messages only");
        }
    }

    /**
     * A message over the limit, whole or in fragments, ends the connection with 1009; so does a frame the
     * WebSocket decoder could not read (it has sent its own close, with its code, which a second does not replace).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            refuse(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message over the frame limit");
        } else if (root instanceof CorruptedWebSocketFrameException || root instanceof CorruptedFrameException) {
            var unused = ctx.close(); // nothing to do if a close fails
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private static void refuse(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
        ctx.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
    }
}
