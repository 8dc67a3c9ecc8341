package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.admin.AdminSettings;
import picocli.CommandLine.Option;

/** {@code parley server} flags for the admin listener (docs/operations.md, "Metrics and health", "Admin"). */
final class AdminFlags {
    @Option(
            names = "--admin-port",
            paramLabel = "PORT",
            description = "Admin listener: /metrics, /health and parley admin (default: 9000; 0 turns it off).")
    Integer port;

    @Option(
            names = "--admin-host",
            paramLabel = "ADDRESS",
            description = "Address of the admin listener (default: 127.0.0.1, this machine only).")
    String host;

    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
        if (port == null && host == null) {
            return;
        }
        AdminSettings current = config.build().admin();
        config.admin(AdminSettings.fromFlag(
                host != null ? host : current.host(), port != null ? port : current.enabled() ? current.port() : 0));
    }
}
