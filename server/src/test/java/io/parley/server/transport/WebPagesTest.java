package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebPagesTest {
    private static final String INDEX = "<!doctype html><title>Parley</title>" + "<p>hello</p>".repeat(200);

    @TempDir
    Path folder;

    private StaticFiles files;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(folder.resolve("index.html"), INDEX);
        Files.createDirectories(folder.resolve("js"));
        Files.writeString(folder.resolve("js/app.js"), "export const a = 1;\n");
        Files.write(folder.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        files = StaticFiles.fromFolder(folder);
    }

    @Test
    void rootServesTheIndexWithAStrictPolicyAndAnEntityTag() {
        FullHttpResponse response = ask(channel(), get("/"));
        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(response)).isEqualTo(INDEX);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/html; charset=utf-8");
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_SECURITY_POLICY))
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.headers().get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
        assertThat(response.headers().get(HttpHeaderNames.ETAG)).matches("\"[A-Za-z0-9_-]{22}\"");
        response.release();
    }

    @Test
    void aFileInAFolderIsServedWithItsType() {
        FullHttpResponse js = ask(channel(), get("/js/app.js?v=2"));
        assertThat(js.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(body(js)).isEqualTo("export const a = 1;\n");
        js.release();
        FullHttpResponse png = ask(channel(), get("/logo.png"));
        assertThat(png.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("image/png");
        png.release();
    }

    @Test
    void aKnownEntityTagIsAnsweredNotModifiedWithoutABody() {
        EmbeddedChannel channel = channel();
        FullHttpResponse first = ask(channel, get("/"));
        String etag = first.headers().get(HttpHeaderNames.ETAG);
        first.release();
        FullHttpRequest again = get("/");
        again.headers().set(HttpHeaderNames.IF_NONE_MATCH, "\"other\", W/" + etag);
        FullHttpResponse response = ask(channel, again);
        assertThat(response.status()).isEqualTo(HttpResponseStatus.NOT_MODIFIED);
        assertThat(response.content().readableBytes()).isZero();
        assertThat(response.headers().get(HttpHeaderNames.ETAG)).isEqualTo(etag);
        response.release();
    }

    @Test
    void aBrowserThatTakesGzipGetsTheCompressedCopyUnderItsOwnTag() throws IOException {
        FullHttpRequest request = get("/");
        request.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip, deflate, br");
        FullHttpResponse response = ask(channel(), request);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_ENCODING)).isEqualTo("gzip");
        assertThat(response.headers().get(HttpHeaderNames.VARY)).isEqualToIgnoringCase("accept-encoding");
        assertThat(response.headers().get(HttpHeaderNames.ETAG)).endsWith("-gz\"");
        byte[] compressed = ByteBufUtil.getBytes(response.content());
        assertThat(compressed.length).isLessThan(INDEX.length() / 2);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(INDEX);
        }
        response.release();
        FullHttpRequest refused = get("/");
        refused.headers().set(HttpHeaderNames.ACCEPT_ENCODING, "gzip;q=0");
        FullHttpResponse plain = ask(channel(), refused);
        assertThat(plain.headers().contains(HttpHeaderNames.CONTENT_ENCODING)).isFalse();
        plain.release();
    }

    @Test
    void headGivesTheHeadersOnly() {
        FullHttpResponse response =
                ask(channel(), new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/"));
        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(INDEX.length());
        assertThat(response.content().readableBytes()).isZero();
        response.release();
    }

    @Test
    void pathsOutsideTheCatalogueAndOtherMethodsAreRefusedAndClosed() {
        for (String path : List.of("/../index.html", "/%2e%2e/etc/passwd", "/js", "/nothing.html", "//index.html")) {
            EmbeddedChannel channel = channel();
            FullHttpResponse response = ask(channel, get(path));
            assertThat(response.status()).as(path).isEqualTo(HttpResponseStatus.NOT_FOUND);
            assertThat(channel.isOpen()).as(path).isFalse();
            response.release();
        }
        EmbeddedChannel channel = channel();
        FullHttpResponse post = ask(channel, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/"));
        assertThat(post.status()).isEqualTo(HttpResponseStatus.METHOD_NOT_ALLOWED);
        assertThat(channel.isOpen()).isFalse();
        post.release();
    }

    @Test
    void aPageConnectionStaysForABoundedNumberOfRequestsThenCloses() {
        EmbeddedChannel channel = channel();
        for (int i = 1; i < PageKeepAlive.MAX_REQUESTS; i++) {
            FullHttpResponse response = ask(channel, get("/js/app.js"));
            assertThat(response.headers().get(HttpHeaderNames.CONNECTION))
                    .as("request %d", i)
                    .isNull();
            response.release();
        }
        assertThat(channel.isOpen()).isTrue();
        FullHttpResponse last = ask(channel, get("/js/app.js"));
        assertThat(last.headers().get(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase("close");
        assertThat(channel.isOpen()).isFalse();
        last.release();
    }

    @Test
    void anIdlePageConnectionIsClosedBeforeTheFirstFrameDeadline() {
        EmbeddedChannel channel = channel();
        channel.freezeTime();
        ask(channel, get("/")).release();
        channel.advanceTimeBy(PageKeepAlive.IDLE_MILLIS - 100, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(200, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aServerWithoutTheWebClientSaysSoAtTheRoot() {
        EmbeddedChannel channel =
                new EmbeddedChannel(new WebRequests(WebSettings.on(0), new WebPages(StaticFiles.NONE)));
        FullHttpResponse response = ask(channel, get("/"));
        assertThat(response.status()).isEqualTo(HttpResponseStatus.NOT_FOUND);
        assertThat(body(response)).contains("without the web client");
        response.release();
        assertThat(StaticFiles.fromClasspath(getClass().getClassLoader(), "no-such-folder")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void aFolderOverTheFileBoundIsAPackagingError() throws IOException {
        Path many = Files.createDirectory(folder.resolve("many"));
        for (int i = 0; i <= StaticFiles.MAX_FILES; i++) {
            Files.writeString(many.resolve(i + ".txt"), "x");
        }
        assertThatThrownBy(() -> StaticFiles.fromFolder(many))
                .hasMessageContaining("more than " + StaticFiles.MAX_FILES);
    }

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new WebRequests(WebSettings.on(0), new WebPages(files)));
    }

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    private static FullHttpResponse ask(EmbeddedChannel channel, FullHttpRequest request) {
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response).as("a response to %s", request.uri()).isNotNull();
        return response;
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }
}
