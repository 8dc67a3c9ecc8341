package io.parley.client;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * TLS for a {@link ParleyClient}: whom to trust, built once and shared by every connection made with the
 * same {@link ClientOptions} (a load generator's thousands of users read the trust store once).
 *
 * <p>The server's name is always verified: its certificate must name the host the client dialled, as a DNS
 * name or an IP address in its subject alternative names. A self-signed certificate for trying Parley on one
 * machine therefore names {@code localhost} and {@code 127.0.0.1} (docs/security.md shows how).
 */
public final class ClientTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final SslContext context;
    private final String trusted;

    private ClientTls(SslContext context, String trusted) {
        this.context = context;
        this.trusted = trusted;
    }

    /** Trusts the certificate authorities of the JDK's default trust store, as a browser would. */
    public static ClientTls systemTrust() {
        try {
            return new ClientTls(build(SslContextBuilder.forClient()), "the system trust store");
        } catch (SSLException e) {
            throw new IllegalStateException("the system trust store cannot be used: " + e.getMessage(), e);
        }
    }

    /**
     * Trusts exactly the certificates in a PEM file: a self-signed server certificate, or the authority that
     * signed the server's.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no certificate
     */
    public static ClientTls trusting(Path pem) {
        Objects.requireNonNull(pem, "pem");
        if (!Files.isReadable(pem)) {
            throw new IllegalArgumentException("trust: " + pem + " (expected: a readable PEM certificate file)");
        }
        try {
            // The builder reads the file at once, and would say only "File does not contain valid certificates".
            return new ClientTls(build(SslContextBuilder.forClient().trustManager(pem.toFile())), pem.toString());
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "trust: " + pem + " does not hold usable certificates: " + e.getMessage(), e);
        }
    }

    private static SslContext build(SslContextBuilder builder) throws SSLException {
        // HTTPS is the JDK's name for RFC 2818/6125 host name checking; Parley wants exactly that.
        return builder.protocols(PROTOCOLS)
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }

    /** A handler for a connection to {@code server}; its name is what the certificate must match. */
    SslHandler newHandler(ByteBufAllocator alloc, InetSocketAddress server) {
        return context.newHandler(alloc, server.getHostString(), server.getPort());
    }

    @Override
    public String toString() {
        return "TLS trusting " + trusted;
    }
}
