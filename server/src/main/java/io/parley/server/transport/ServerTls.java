package io.parley.server.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS: the certificate and key read once at start, the provider chosen once, and an
 * {@link SslHandler} per accepted connection of the TLS listener.
 *
 * <p>Protocols and ciphers follow Mozilla's "intermediate" server configuration: TLS 1.3 and 1.2 only, and
 * for 1.2 only forward-secret (ECDHE) key exchange with AEAD ciphers. Every client Parley ships, and every
 * JDK from 8u261 on, speaks TLS 1.3.
 */
final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** IANA names; those the provider lacks are dropped by {@link SupportedCipherSuiteFilter}. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final SslContext context;
    private final long handshakeTimeoutMillis;
    private final String description;

    private ServerTls(SslContext context, long handshakeTimeoutMillis, String description) {
        this.context = context;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.description = description;
    }

    /**
     * Reads the PEM files and builds the context. A handshake must complete within {@code handshakeTimeoutMillis}
     * (the admission deadline for a connection's first frame, which cannot arrive before it).
     *
     * @throws IllegalArgumentException when a file is missing or does not hold what it should, or OpenSSL was
     *                                  asked for and does not load
     */
    static ServerTls load(TlsSettings settings, long handshakeTimeoutMillis) {
        requireNonNull(settings, "settings");
        readable("tlsCert", settings.cert());
        readable("tlsKey", settings.key());
        SslProvider provider = provider(settings.provider());
        SslContext context;
        try {
            context = SslContextBuilder.forServer(
                            settings.cert().toFile(), settings.key().toFile())
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "tlsCert/tlsKey: " + settings.cert() + " and " + settings.key()
                            + " are not a usable PEM certificate chain and private key: " + e.getMessage(),
                    e);
        }
        String name = provider == SslProvider.JDK
                ? "JDK " + System.getProperty("java.version")
                : "OpenSSL (" + OpenSsl.versionString() + ")";
        return new ServerTls(context, handshakeTimeoutMillis, name + ", " + String.join("/", PROTOCOLS));
    }

    private static SslProvider provider(TlsSettings.Provider wanted) {
        return switch (wanted) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalArgumentException(
                            "tlsProvider: openssl does not load here: " + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> {
                if (OpenSsl.isAvailable()) {
                    yield SslProvider.OPENSSL;
                }
                log.info(
                        "TLS: OpenSSL does not load ({}); using the JDK's provider",
                        String.valueOf(OpenSsl.unavailabilityCause()));
                yield SslProvider.JDK;
            }
        };
    }

    private static void readable(String key, Path file) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(key + ": " + file + " (expected: a readable PEM file)");
        }
    }

    /** A new server-side handler for an accepted connection, with the handshake deadline set. */
    SslHandler newHandler(Channel channel) {
        SslHandler handler = context.newHandler(channel.alloc());
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** The provider and protocols, for the start-up log line. */
    String description() {
        return description;
    }
}
