package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.service.RateLimits;
import picocli.CommandLine.Option;

/** {@code parley server} flags for RateLimits (docs/security.md); each left out keeps the file's or default value. */
final class RateFlags {
    @Option(
            names = "--messages-per-second",
            paramLabel = "N",
            description = "Chat messages one user may send per second (default: 10).")
    Double messagesPerSecond;

    @Option(
            names = "--message-burst",
            paramLabel = "N",
            description = "Chat messages one user may send at once (default: 50).")
    Integer messageBurst;

    @Option(
            names = "--requests-per-second",
            paramLabel = "N",
            description = "History, list and watch requests per connection per second (default: 5).")
    Double requestsPerSecond;

    @Option(names = "--request-burst", paramLabel = "N", description = "Such requests at once (default: 20).")
    Integer requestBurst;

    void applyTo(ServerConfig.Builder config) {
        RateLimits d = config.build().rates();
        config.rates(new RateLimits(
                messagesPerSecond != null ? messagesPerSecond : d.messagesPerSecond(),
                messageBurst != null ? messageBurst : d.messageBurst(),
                requestsPerSecond != null ? requestsPerSecond : d.requestsPerSecond(),
                requestBurst != null ? requestBurst : d.requestBurst()));
    }
}
