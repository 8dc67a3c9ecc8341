package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.parley.server.config.ConfigReader;
import io.parley.server.transport.TlsSettings.Provider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server side of TLS, handler by handler: both providers, the protocol policy, bad input and bad files. */
class ServerTlsTest {
    @TempDir
    Path dir;

    @Test
    void openSslLoadsOnThisMachine() {
        // The measurements in docs/security.md assume it; if this fails, AUTO quietly serves with the JDK.
        assertThat(OpenSsl.isAvailable())
                .as("OpenSSL: %s", OpenSsl.unavailabilityCause())
                .isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = Provider.class,
            names = {"JDK", "OPENSSL"})
    void aClientThatTrustsTheCertificateGetsTls13AndItsBytesThrough(Provider provider) throws Exception {
        TestCertificate cert = TestCertificate.localhost(dir);
        ServerTls tls = ServerTls.load(cert.settings().withProvider(provider), 5_000);
        EmbeddedChannel server = new EmbeddedChannel();
        server.pipeline().addLast(tls.newHandler(server));
        EmbeddedChannel client =
                client(SslContextBuilder.forClient().trustManager(cert.cert().toFile()));

        handshake(client, server);
        var unused = client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8)); // read back below
        pump(client, server);

        assertThat(server.pipeline().get(SslHandler.class).engine().getSession().getProtocol())
                .isEqualTo("TLSv1.3");
        ByteBuf received = server.readInbound();
        assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("hello");
        received.release();
        assertThat(tls.description()).startsWith(provider == Provider.JDK ? "JDK" : "OpenSSL");
        client.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(
            value = Provider.class,
            names = {"JDK", "OPENSSL"})
    void theServerOffersOnlyTls12And13WithForwardSecretAeadCiphers(Provider provider) throws Exception {
        ServerTls tls = ServerTls.load(TestCertificate.localhost(dir).settings().withProvider(provider), 5_000);
        EmbeddedChannel server = new EmbeddedChannel();
        SslHandler handler = tls.newHandler(server);
        server.pipeline().addLast(handler);

        // OpenSSL lists "SSLv2Hello": the old hello format it accepts for a TLS hello, not a protocol.
        assertThat(handler.engine().getEnabledProtocols())
                .filteredOn(p -> !p.equals("SSLv2Hello"))
                .containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        assertThat(handler.engine().getEnabledCipherSuites())
                .isNotEmpty()
                .allSatisfy(suite -> assertThat(ServerTls.CIPHERS).contains(suite));
        server.finishAndReleaseAll();
    }

    @Test
    void aHandshakeMustCompleteWithinTheDeadlineItIsGiven() throws Exception {
        ServerTls tls = ServerTls.load(TestCertificate.localhost(dir).settings(), 1_234);
        EmbeddedChannel server = new EmbeddedChannel();

        assertThat(tls.newHandler(server).getHandshakeTimeoutMillis()).isEqualTo(1_234);
        server.finishAndReleaseAll();
    }

    @ParameterizedTest
    @EnumSource(
            value = Provider.class,
            names = {"JDK", "OPENSSL"})
    void plaintextBytesFailTheConnectionWithAnSslExceptionAndCloseIt(Provider provider) throws Exception {
        ServerTls tls = ServerTls.load(TestCertificate.localhost(dir).settings().withProvider(provider), 5_000);
        EmbeddedChannel server = new EmbeddedChannel();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        server.pipeline().addLast(tls.newHandler(server));
        // Stands in for SessionHandler, which closes quietly on an I/O error (an SSLException is one).
        server.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                caught.set(cause);
                var unused = ctx.close(); // nothing to do if a close fails
            }
        });

        // A tutorial client's RegisterMes frame: a length header and JSON.
        byte[] body = "{\"type\":\"RegisterMes\",\"data\":\"{}\"}".getBytes(StandardCharsets.UTF_8);
        server.writeInbound(Unpooled.buffer().writeInt(body.length).writeBytes(body));

        assertThat(caught.get()).hasRootCauseInstanceOf(SSLException.class);
        assertThat(server.isOpen()).isFalse();
        Object decrypted = server.readInbound();
        assertThat(decrypted).isNull();
        server.finishAndReleaseAll();
    }

    @Test
    void aMissingCertificateFileStopsTheStartNamingTheKey() {
        TlsSettings settings = TlsSettings.on(0, dir.resolve("nope.pem"), dir.resolve("nope-key.pem"));

        assertThatThrownBy(() -> ServerTls.load(settings, 5_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tlsCert")
                .hasMessageContaining("nope.pem");
    }

    @Test
    void aKeyFileThatHoldsNoKeyStopsTheStartNamingBothFiles() throws Exception {
        TestCertificate cert = TestCertificate.localhost(dir);
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello\n");

        assertThatThrownBy(() -> ServerTls.load(TlsSettings.on(0, cert.cert(), notAKey), 5_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not-a-key.pem")
                .hasMessageContaining("localhost.pem");
    }

    @Test
    void thePropertiesNameThePortFilesAndProvider() {
        Properties p = new Properties();
        p.setProperty("tlsPort", "8890");
        p.setProperty("tlsCert", "/etc/parley/cert.pem");
        p.setProperty("tlsKey", "/etc/parley/key.pem");
        p.setProperty("tlsProvider", "JDK");

        assertThat(TlsSettings.load(new ConfigReader(p), TlsSettings.OFF))
                .isEqualTo(new TlsSettings(
                        8890, Path.of("/etc/parley/cert.pem"), Path.of("/etc/parley/key.pem"), Provider.JDK));
        assertThat(TlsSettings.load(new ConfigReader(new Properties()), TlsSettings.OFF)
                        .enabled())
                .isFalse();
        p.setProperty("tlsProvider", "gnutls");
        assertThatThrownBy(() -> TlsSettings.load(new ConfigReader(p), TlsSettings.OFF))
                .hasMessage("tlsProvider: 'gnutls' (expected: auto, openssl or jdk)");
        p.remove("tlsProvider");
        p.remove("tlsKey");
        assertThatThrownBy(() -> TlsSettings.load(new ConfigReader(p), TlsSettings.OFF))
                .hasMessageContaining("tlsPort: 8890 needs tlsCert and tlsKey");
    }

    private static EmbeddedChannel client(SslContextBuilder builder) throws SSLException {
        SslContext context = builder.sslProvider(SslProvider.JDK)
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
        EmbeddedChannel client = new EmbeddedChannel();
        client.pipeline().addLast(context.newHandler(client.alloc(), "localhost", 8890));
        return client;
    }

    private static void handshake(EmbeddedChannel client, EmbeddedChannel server) {
        SslHandler clientTls = client.pipeline().get(SslHandler.class);
        SslHandler serverTls = server.pipeline().get(SslHandler.class);
        for (int round = 0;
                round < 20
                        && !(clientTls.handshakeFuture().isDone()
                                && serverTls.handshakeFuture().isDone());
                round++) {
            pump(client, server);
        }
        assertThat(clientTls.handshakeFuture().isSuccess())
                .as("client: %s", clientTls.handshakeFuture().cause())
                .isTrue();
        assertThat(serverTls.handshakeFuture().isSuccess())
                .as("server: %s", serverTls.handshakeFuture().cause())
                .isTrue();
    }

    /** Moves what each side wrote to the other, once each way. */
    private static void pump(EmbeddedChannel client, EmbeddedChannel server) {
        for (EmbeddedChannel[] pair :
                List.of(new EmbeddedChannel[] {client, server}, new EmbeddedChannel[] {server, client})) {
            pair[0].runPendingTasks();
            for (Object out = pair[0].readOutbound(); out != null; out = pair[0].readOutbound()) {
                pair[1].writeInbound(out);
            }
        }
    }
}
