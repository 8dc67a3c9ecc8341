package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.transport.TlsSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code parley server} flags for the TLS listener (docs/security.md, "TLS"). */
final class TlsFlags {
    @Option(
            names = "--tls-port",
            paramLabel = "PORT",
            description = "Also listen for TLS on this port (default: off); needs --tls-cert and --tls-key.")
    Integer port;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description = "Certificate chain, server certificate first (for --tls-port and --https-port).")
    Path cert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key of the certificate (PKCS#8).")
    Path key;

    @Option(
            names = "--tls-provider",
            paramLabel = "auto|openssl|jdk",
            description = "TLS implementation (default: auto, OpenSSL where it loads, else the JDK's).")
    String provider;

    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
        if (port == null && cert == null && key == null && provider == null) {
            return;
        }
        // Set as one value: the port alone would not validate without the files.
        TlsSettings current = config.build().tls();
        config.tls(new TlsSettings(
                port != null ? port : current.port(),
                cert != null ? cert : current.cert(),
                key != null ? key : current.key(),
                provider != null ? TlsSettings.Provider.parse("--tls-provider", provider) : current.provider()));
    }
}
