package io.parley.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.parley.server.transport.StaticFiles.StaticFile;
import java.util.Optional;

/**
 * Serves the web client's files ({@link StaticFiles}) to {@code GET} and {@code HEAD}: revalidated on every use
 * through their entity tags, gzip where the browser takes it, and under a Content-Security-Policy that lets a
 * page run only the server's own scripts and styles and talk only to the server itself.
 */
final class WebPages {
    /**
     * Nothing inline, nothing from elsewhere, no frames, no plugins: text from other users that slipped into the
     * page as markup still could not run. {@code connect-src 'self'} covers the same-origin WebSocket.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'none'; frame-ancestors 'none'";

    /**
     * The files keep their names from one release to the next, so a browser asks again each time (a 304 when
     * nothing changed): a page cached for long would run an old client against an upgraded server.
     */
    static final String CACHE_CONTROL = "no-cache";

    private final StaticFiles files;

    WebPages(StaticFiles files) {
        this.files = files;
    }

    /** Whether a file is served at this path. */
    boolean serves(String path) {
        return files.find(path).isPresent();
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    /** Answers a request for {@code path}, which {@link #serves} it; the request is the caller's to release. */
    void serve(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        Optional<StaticFile> found = files.find(path);
        if (found.isEmpty()) {
            HttpAnswers.closeWith(ctx, HttpResponseStatus.NOT_FOUND, "no such page");
            return;
        }
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            HttpAnswers.closeWith(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "pages take GET and HEAD only");
            return;
        }
        StaticFile file = found.get();
        boolean gzip = file.gzipped() != null && acceptsGzip(request.headers());
        String etag = gzip ? file.gzipEtag() : file.etag();
        FullHttpResponse response;
        if (file.matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        } else {
            byte[] body = gzip ? file.gzipped() : file.bytes();
            boolean head = HttpMethod.HEAD.equals(request.method());
            response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, file.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (gzip) {
                response.headers().set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
        }
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.ETAG, etag).set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL);
        if (file.gzipped() != null) {
            headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        secure(headers);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && PageKeepAlive.servedOne(ctx);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The headers every page carries; the policy is also what keeps another site from framing the page. */
    static void secure(HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
                .set("Referrer-Policy", "no-referrer")
                .set("Cross-Origin-Opener-Policy", "same-origin");
    }

    /** {@code gzip} in Accept-Encoding, unless with {@code q=0}. */
    private static boolean acceptsGzip(HttpHeaders headers) {
        String accepted = headers.get(HttpHeaderNames.ACCEPT_ENCODING);
        if (accepted == null) {
            return false;
        }
        for (String coding : accepted.split(",", -1)) {
            String[] parts = coding.trim().split(";", -1);
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                return !(parts.length > 1 && parts[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }
}
