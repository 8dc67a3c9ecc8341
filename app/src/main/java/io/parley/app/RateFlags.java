package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.service.RateLimits;
import picocli.CommandLine.Option;

/** {@code parley server} flags for rate settings (docs/security.md). */
final class RateFlags {
    @Option(names = "--messages-per-second", paramLabel = "N",
            description = "Chat messages one user may send per second, sustained (default: 10).")
    Double messagesPerSecond;

    @Option(names = "--message-burst", paramLabel = "N",
            description = "Chat messages one user may send at once after a quiet spell (default: 50).")
    Integer messageBurst;

    @Option(names = "--requests-per-second", paramLabel = "N",
            description = "History, list and watch requests per connection per second, sustained (default: 5).")
    Double requestsPerSecond;

    @Option(names = "--request-burst", paramLabel = "N",
            description = "Such requests at once after a quiet spell (default: 20).")
    Integer requestBurst;

    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
        RateLimits r = config.rates();
        config.rates(new RateLimits(or(messagesPerSecond, r.messagesPerSecond()), or(messageBurst, r.messageBurst()),
                or(requestsPerSecond, r.requestsPerSecond()), or(requestBurst, r.requestBurst())));
    }

    private static <T> T or(T flag, T current) {
        return flag != null ? flag : current;
    }
}
