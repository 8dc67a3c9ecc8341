package io.parley.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits after the frame decoder until the first complete frame passes, tells {@link LoginDeadlines} so, and
 * removes itself: the frames after it cost no extra handler.
 */
final class FirstFrameWatch extends ChannelInboundHandlerAdapter {
    private final LoginDeadlines.Entry entry;

    FirstFrameWatch(LoginDeadlines.Entry entry) {
        this.entry = entry;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        entry.framed();
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(msg);
    }
}
