package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.transport.TlsSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code parley server} flags for TlsSettings (docs/security.md); each left out keeps the file's or default value. */
final class TlsFlags {
    @Option(names = "--tls-port", paramLabel = "PORT", description = "Port of the TLS listener beside the plaintext one (default: none).")
    Integer port;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain of the TLS listener.")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) of the TLS listener.")
    Path key;

    void applyTo(ServerConfig.Builder config) {
        TlsSettings d = config.build().tls();
        config.tls(new TlsSettings(port != null ? port : d.port(),
                cert != null ? cert : d.cert(),
                key != null ? key : d.key()));
    }
}
