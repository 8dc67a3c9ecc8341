package io.parley.server.transport;

import io.parley.server.config.ConfigReader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The TLS listener beside the plaintext one, off unless a port is given. The certificate and key are read
 * once, when the server starts: a new certificate takes a restart.
 *
 * @param port     TCP port of the TLS listener; -1 for none, 0 for a free one (tests)
 * @param cert     PEM certificate chain, the server's own certificate first
 * @param key      PEM private key (PKCS#8, as {@code openssl req -newkey} writes it)
 * @param provider which TLS implementation serves the connections
 */
public record TlsSettings(int port, Path cert, Path key, Provider provider) {
    public static final TlsSettings OFF = new TlsSettings(-1, null, null, Provider.AUTO);

    /** The TLS implementations Netty offers. */
    public enum Provider {
        /** OpenSSL (BoringSSL, from netty-tcnative) where its native library loads, the JDK's otherwise. */
        AUTO,
        /** OpenSSL, or the server does not start. */
        OPENSSL,
        /** The JDK's own SSLEngine. */
        JDK;

        /** {@code auto}, {@code openssl} or {@code jdk}, in any case; the error names {@code key}. */
        public static Provider parse(String key, String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": '" + value + "' (expected: auto, openssl or jdk)", e);
            }
        }
    }

    public TlsSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("tlsPort: " + port + " (expected: -1 for none, or 0-65535)");
        }
        if (port >= 0 && (cert == null || key == null)) {
            throw new IllegalArgumentException("tlsPort: " + port + " needs tlsCert and tlsKey (PEM files)");
        }
        if (provider == null) {
            throw new IllegalArgumentException("tlsProvider: missing (expected: auto, openssl or jdk)");
        }
    }

    /** TLS on {@code port} with the certificate chain and key in these PEM files, on the default provider. */
    public static TlsSettings on(int port, Path cert, Path key) {
        return new TlsSettings(port, cert, key, Provider.AUTO);
    }

    public boolean enabled() {
        return port >= 0;
    }

    public TlsSettings withPort(int value) {
        return new TlsSettings(value, cert, key, provider);
    }

    public TlsSettings withCert(Path value) {
        return new TlsSettings(port, value, key, provider);
    }

    public TlsSettings withKey(Path value) {
        return new TlsSettings(port, cert, value, provider);
    }

    public TlsSettings withProvider(Provider value) {
        return new TlsSettings(port, cert, key, value);
    }

    /** The keys {@code tlsPort}, {@code tlsCert}, {@code tlsKey} and {@code tlsProvider}, each defaulting to d's. */
    public static TlsSettings load(ConfigReader p, TlsSettings d) {
        String provider = p.string("tlsProvider", null);
        return new TlsSettings(
                p.integer("tlsPort", d.port),
                p.path("tlsCert", d.cert),
                p.path("tlsKey", d.key),
                provider == null ? d.provider : Provider.parse("tlsProvider", provider));
    }
}
