package io.parley.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Keeps an HTTP connection that fetches pages open between a browser's requests, briefly and for a bounded
 * number of requests, then closes it: page connections are short, and every one counts against the caps
 * until it goes. It is taken out when the connection upgrades to a WebSocket, which has its own heartbeats.
 */
final class PageKeepAlive extends IdleStateHandler {
    static final String NAME = "page-keep-alive";
    /** Idle time after which a page connection is closed, below the first-frame deadline that would close it. */
    static final long IDLE_MILLIS = 2_000;
    /** Requests one connection may make; the last answer says {@code Connection: close}. */
    static final int MAX_REQUESTS = 100;

    private int served;

    private PageKeepAlive() {
        super(0, 0, IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Counts a page served on this connection; false when it is to be the last. */
    static boolean servedOne(ChannelHandlerContext ctx) {
        PageKeepAlive keepAlive = ctx.pipeline().get(PageKeepAlive.class);
        if (keepAlive == null) {
            keepAlive = new PageKeepAlive();
            ctx.pipeline().addFirst(NAME, keepAlive);
        }
        return ++keepAlive.served < MAX_REQUESTS;
    }

    /** Before an upgrade: a WebSocket is not a page connection. */
    static void leave(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(NAME) != null) {
            ctx.pipeline().remove(NAME);
        }
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == IdleState.ALL_IDLE) {
            var unused = ctx.close(); // nothing to do if a close fails
        }
    }
}
