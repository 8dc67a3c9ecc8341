package io.parley.app;

import io.parley.server.transport.Backpressure;
import picocli.CommandLine.Option;

/** {@code parley server} flags for Backpressure (docs/security.md); each left out keeps the file's or default value. */
final class BackpressureFlags {
    @Option(
            names = "--max-requests-in-flight",
            paramLabel = "N",
            description = "Requests of one connection "
                    + "waiting on the store above which the server stops reading it until half have finished (default: "
                    + Backpressure.DEFAULT_MAX_REQUESTS_IN_FLIGHT + ").")
    Integer maxRequestsInFlight;

    @Option(
            names = "--slow-consumer-seconds",
            paramLabel = "SECONDS",
            description = "A connection that takes none " + "of its output for this long is cut off (default: "
                    + Backpressure.DEFAULT_SLOW_CONSUMER_SECONDS + ").")
    Integer slowConsumerSeconds;

    Backpressure applyTo(Backpressure base) {
        Backpressure b = base;
        if (maxRequestsInFlight != null) {
            b = b.withMaxRequestsInFlight(maxRequestsInFlight);
        }
        if (slowConsumerSeconds != null) {
            b = b.withSlowConsumerSeconds(slowConsumerSeconds);
        }
        return b;
    }
}
