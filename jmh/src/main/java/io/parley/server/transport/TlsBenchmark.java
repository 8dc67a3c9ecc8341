package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server's TLS provider on one thread, without sockets: a full handshake (EC P-256 certificate, TLS 1.3, no
 * session resumption) and one message each way on an open connection (a 150-byte request in, a 200-byte reply
 * out, the sizes of a private message and its delivery). The client side is OpenSSL in every case, so the
 * difference between the two rows of a benchmark is the server's provider. (In this package because
 * {@link ServerTls} is package-private.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsBenchmark {
    @Param({"JDK", "OPENSSL"})
    TlsSettings.Provider provider;

    private Path dir;
    private TestCertificate certificate;
    private ServerTls server;
    private SslContext client;
    private EmbeddedChannel open;
    private EmbeddedChannel openClient;
    private final byte[] request = new byte[150];
    private final byte[] reply = new byte[200];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("parley-tls-benchmark");
        certificate = TestCertificate.create(dir, "localhost", "localhost");
        server = ServerTls.load(certificate.settings().withProvider(provider), 10_000);
        client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .trustManager(certificate.cert().toFile())
                .protocols("TLSv1.3")
                // No peer name to check (see clientChannel); the certificate is trusted exactly.
                .endpointIdentificationAlgorithm(null)
                .build();
        open = serverChannel();
        openClient = clientChannel();
        handshake(openClient, open);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        open.finishAndReleaseAll();
        openClient.finishAndReleaseAll();
        Files.delete(certificate.cert());
        Files.delete(certificate.key());
        Files.delete(dir);
    }

    @Benchmark
    public boolean handshake() {
        EmbeddedChannel s = serverChannel();
        EmbeddedChannel c = clientChannel();
        boolean done = handshake(c, s);
        s.finishAndReleaseAll();
        c.finishAndReleaseAll();
        return done;
    }

    @Benchmark
    public int messageEachWay() {
        // What each write sends is read at the other end below; a failed one leaves nothing there to read.
        var unusedRequest = openClient.writeAndFlush(Unpooled.wrappedBuffer(request));
        pump(openClient, open);
        ByteBuf in = open.readInbound();
        int bytes = in.readableBytes();
        in.release();
        var unusedReply = open.writeAndFlush(Unpooled.wrappedBuffer(reply));
        pump(open, openClient);
        ByteBuf out = openClient.readInbound();
        bytes += out.readableBytes();
        out.release();
        return bytes;
    }

    private EmbeddedChannel serverChannel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(server.newHandler(ch));
        return ch;
    }

    private EmbeddedChannel clientChannel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        // No peer host: no session to resume, so every handshake is a full one.
        ch.pipeline().addLast(client.newHandler(ch.alloc()));
        return ch;
    }

    private static boolean handshake(EmbeddedChannel c, EmbeddedChannel s) {
        SslHandler ct = c.pipeline().get(SslHandler.class);
        SslHandler st = s.pipeline().get(SslHandler.class);
        for (int i = 0;
                i < 10
                        && !(ct.handshakeFuture().isDone()
                                && st.handshakeFuture().isDone());
                i++) {
            pump(c, s);
            pump(s, c);
        }
        if (!ct.handshakeFuture().isSuccess() || !st.handshakeFuture().isSuccess()) {
            throw new IllegalStateException(
                    "handshake failed: " + ct.handshakeFuture().cause() + " / "
                            + st.handshakeFuture().cause());
        }
        return true;
    }

    /** Moves what {@code from} wrote to {@code to}. */
    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        from.runPendingTasks();
        for (Object out = from.readOutbound(); out != null; out = from.readOutbound()) {
            to.writeInbound(out);
        }
    }
}
