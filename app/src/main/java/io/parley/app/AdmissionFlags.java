package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.transport.AdmissionLimits;
import picocli.CommandLine.Option;

/** {@code parley server} flags for AdmissionLimits (docs/security.md); each left out keeps the file's or default value. */
final class AdmissionFlags {
    @Option(
            names = "--first-frame-millis",
            paramLabel = "MILLIS",
            description =
                    "A new connection must send its first complete frame within this, or it is closed (default: 5000).")
    Integer firstFrameMillis;

    @Option(
            names = "--login-millis",
            paramLabel = "MILLIS",
            description = "A new connection must log in within this, counted from connecting (default: 20000).")
    Integer loginMillis;

    @Option(
            names = "--connections-per-address",
            paramLabel = "N",
            description =
                    "Connections one remote address (IPv6: one /64) may hold; more are refused with 429 (default: 64).")
    Integer perAddress;

    @Option(
            names = "--max-connections",
            paramLabel = "N",
            description =
                    "Connections in all, never above the descriptor limit less the reserve; more are refused with 503 (default: 0, that limit).")
    Integer maxConnections;

    @Option(
            names = "--descriptor-reserve",
            paramLabel = "N",
            description = "Descriptors kept for the server's own files (default: 256).")
    Integer descriptorReserve;

    @Option(
            names = "--keepalive-idle",
            paramLabel = "SECONDS",
            description = "Seconds of silence before TCP keepalive probes start, to find dead peers (default: 60).")
    Integer keepAliveIdleSeconds;

    void applyTo(ServerConfig.Builder config) {
        AdmissionLimits d = config.build().admission();
        config.admission(new AdmissionLimits(
                firstFrameMillis != null ? firstFrameMillis : d.firstFrameMillis(),
                loginMillis != null ? loginMillis : d.loginMillis(),
                perAddress != null ? perAddress : d.perAddress(),
                maxConnections != null ? maxConnections : d.maxConnections(),
                descriptorReserve != null ? descriptorReserve : d.descriptorReserve(),
                keepAliveIdleSeconds != null ? keepAliveIdleSeconds : d.keepAliveIdleSeconds()));
    }
}
