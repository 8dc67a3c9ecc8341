package io.parley.server.transport;

import io.parley.server.config.ConfigReader;
import java.nio.file.Path;

/**
 * The TLS listener beside the plaintext one, off unless a port is given.
 *
 * @param port TCP port of the TLS listener; -1 for none, 0 for a free one (tests)
 * @param cert PEM certificate chain
 * @param key  PEM private key (PKCS#8)
 */
public record TlsSettings(int port, Path cert, Path key) {
    public static final TlsSettings OFF = new TlsSettings(-1, null, null);

    public TlsSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("tlsPort: " + port + " (expected: -1 for none, or 0-65535)");
        }
        if (port >= 0 && (cert == null || key == null)) {
            throw new IllegalArgumentException("tlsPort: " + port + " needs tlsCert and tlsKey (PEM files)");
        }
    }

    public boolean enabled() {
        return port >= 0;
    }

    public static TlsSettings load(ConfigReader p, TlsSettings d) {
        return new TlsSettings(p.integer("tlsPort", d.port), p.path("tlsCert", d.cert), p.path("tlsKey", d.key));
    }
}
