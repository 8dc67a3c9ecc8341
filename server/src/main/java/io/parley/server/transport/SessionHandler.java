package io.parley.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.netty.DecodeFailure;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.service.ChatService;
import io.parley.server.service.ClientSession;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler: opens a session per connection, passes requests to the service, and is the one place
 * that closes a connection on error and logs what was unexpected. Expected I/O errors (a peer resetting)
 * stay quiet.
 */
@ChannelHandler.Sharable
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    private final ChatService service;
    private final ChannelGroup channels;
    private final int slowConsumerBytes;
    private final Backpressure backpressure;
    private final ServerMetrics metrics;

    SessionHandler(ChatService service, ChannelGroup channels, int slowConsumerBytes, Backpressure backpressure) {
        this(service, channels, slowConsumerBytes, backpressure, new ServerMetrics());
    }

    SessionHandler(
            ChatService service,
            ChannelGroup channels,
            int slowConsumerBytes,
            Backpressure backpressure,
            ServerMetrics metrics) {
        this.service = service;
        this.channels = channels;
        this.slowConsumerBytes = slowConsumerBytes;
        this.backpressure = backpressure;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channels.add(ctx.channel());
        ChannelLink link = new ChannelLink(ctx.channel(), slowConsumerBytes, backpressure, metrics);
        ctx.channel().attr(Connections.LINK).set(link);
        link.session(service.open(link));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Connections.link(ctx.channel()).markRead();
        ClientSession session = Connections.session(ctx.channel());
        if (msg instanceof ClientMessage message) {
            metrics.received(message);
            service.handle(session, message);
        } else if (msg instanceof DecodeFailure failure) {
            service.malformed(session, failure.type(), failure.reason(), failure.reqId(), failure.clientMsgId());
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            Connections.link(ctx.channel()).writable();
        } else {
            Connections.link(ctx.channel()).unwritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ClientSession session = Connections.session(ctx.channel());
        if (session != null) {
            service.closed(session);
            // Whatever waited for room to write can now end: it will find the session closed.
            Connections.link(ctx.channel()).writable();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ClientSession session = Connections.session(ctx.channel());
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof TooLongFrameException) {
            log.info("closing {}: {}", session, root.getMessage());
            if (session == null) {
                var unused = ctx.close(); // nothing to do if a close fails
            } else {
                service.oversized(session);
                Connections.link(ctx.channel()).close();
            }
        } else if (root instanceof IOException) {
            log.debug("I/O error on {}: {}", session, root.toString());
            var unused = ctx.close(); // nothing to do if a close fails
        } else {
            log.error("unexpected error on {}; closing it", session, root);
            var unused = ctx.close(); // nothing to do if a close fails
        }
    }
}
