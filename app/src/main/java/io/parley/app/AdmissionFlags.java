package io.parley.app;

import io.parley.server.ServerConfig;

/** {@code parley server} flags for admission settings (docs/security.md). */
final class AdmissionFlags {
    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
    }
}
