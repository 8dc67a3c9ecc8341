package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.service.LoginLimits;
import picocli.CommandLine.Option;

/** {@code parley server} flags for LoginLimits (docs/security.md); each left out keeps the file's or default value. */
final class LoginFlags {
    @Option(
            names = "--hash-queue",
            paramLabel = "N",
            description = "Password hashes that may wait for a thread; more are refused (default: 256).")
    Integer hashQueue;

    @Option(
            names = "--login-failure-delay",
            paramLabel = "MILLIS",
            description = "Delay after a failed login, doubled per further failure (default: 500).")
    Integer failureDelayMillis;

    @Option(
            names = "--login-failure-max-delay",
            paramLabel = "MILLIS",
            description = "Longest delay after failed logins (default: 30000).")
    Integer maxFailureDelayMillis;

    @Option(
            names = "--registrations-per-hour",
            paramLabel = "N",
            description = "Registrations one address may make per hour (default: 30).")
    Integer registrationsPerHour;

    void applyTo(ServerConfig.Builder config) {
        LoginLimits d = config.build().login();
        config.login(new LoginLimits(
                hashQueue != null ? hashQueue : d.hashQueue(),
                failureDelayMillis != null ? failureDelayMillis : d.failureDelayMillis(),
                maxFailureDelayMillis != null ? maxFailureDelayMillis : d.maxFailureDelayMillis(),
                registrationsPerHour != null ? registrationsPerHour : d.registrationsPerHour()));
    }
}
