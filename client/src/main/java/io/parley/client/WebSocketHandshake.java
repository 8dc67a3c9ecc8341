package io.parley.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import java.util.concurrent.CompletableFuture;

/**
 * Completes once the WebSocket upgrade is done, or fails with the server's refusal (an HTTP status with its
 * sentence, e.g. 403 for a wrong origin); the connection says hello only after it.
 */
final class WebSocketHandshake extends ChannelInboundHandlerAdapter {
    static final String NAME = "websocket-handshake";

    private final CompletableFuture<Void> done = new CompletableFuture<>();

    CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            done.complete(null);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            done.completeExceptionally(new WebSocketHandshakeException("the WebSocket upgrade timed out"));
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!done.isDone()) {
            done.completeExceptionally(cause);
            var unused = ctx.close(); // nothing to do if a close fails
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done.completeExceptionally(
                new WebSocketHandshakeException("the server closed the connection during the upgrade"));
        ctx.fireChannelInactive();
    }
}
