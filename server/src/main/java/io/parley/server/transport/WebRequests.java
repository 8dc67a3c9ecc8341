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
 * origin goes on to the WebSocket handshake; a wrong origin is refused with 403, another method with 405, any
 * other path with 404. After the upgrade only WebSocket frames pass, untouched.
 */
@ChannelHandler.Sharable
final class WebRequests extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebRequests.class);

    private final WebSettings settings;

    WebRequests(WebSettings settings) {
        this.settings = settings;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        if (!WebSettings.WEBSOCKET_PATH.equals(path)) {
            ReferenceCountUtil.release(request);
            HttpAnswers.closeWith(ctx, HttpResponseStatus.NOT_FOUND, "no such page");
        } else if (!HttpMethod.GET.equals(request.method())) {
            ReferenceCountUtil.release(request);
            HttpAnswers.closeWith(
                    ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, WebSettings.WEBSOCKET_PATH + " takes GET only");
        } else {
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (settings.allows(origin, request.headers().get(HttpHeaderNames.HOST))) {
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
