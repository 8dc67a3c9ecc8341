package io.parley.server.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the HTTP listener's requests: a {@code GET} of {@value WebSettings#WEBSOCKET_PATH} from an allowed
 * origin goes on to the WebSocket handshake (a wrong origin is refused with 403, another method with 405); the
 * web client's files go to {@link WebPages}; any other path is answered 404. After the upgrade only WebSocket
 * frames pass, untouched.
 */
@ChannelHandler.Sharable
final class WebRequests extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebRequests.class);

    private final WebSettings settings;
    private final WebPages pages;

    WebRequests(WebSettings settings, WebPages pages) {
        this.settings = settings;
        this.pages = pages;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!WebSettings.WEBSOCKET_PATH.equals(path)) {
            try {
                if (pages.serves(path)) {
                    pages.serve(ctx, request, path);
                } else {
                    HttpAnswers.closeWith(
                            ctx,
                            HttpResponseStatus.NOT_FOUND,
                            pages.isEmpty() && "/".equals(path)
                                    ? "this server was built without the web client; WebSockets are at "
                                            + WebSettings.WEBSOCKET_PATH
                                    : "no such page");
                }
            } finally {
                ReferenceCountUtil.release(request);
            }
        } else if (!HttpMethod.GET.equals(request.method())) {
            ReferenceCountUtil.release(request);
            HttpAnswers.closeWith(
                    ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, WebSettings.WEBSOCKET_PATH + " takes GET only");
        } else {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (settings.allows(origin, request.headers().get(HttpHeaderNames.HOST))) {
                PageKeepAlive.leave(ctx);
                ctx.fireChannelRead(request);
            } else {
                ReferenceCountUtil.release(request);
                log.info("refused a WebSocket from origin {} on {}", origin, ctx.channel());
                HttpAnswers.closeWith(
                        ctx,
                        HttpResponseStatus.FORBIDDEN,
                        "origin not allowed: " + origin + " (the server's --allowed-origins lists those it takes)");
            }
        }
    }
}
