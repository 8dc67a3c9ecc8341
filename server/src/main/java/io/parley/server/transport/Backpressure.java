package io.parley.server.transport;

import io.parley.server.config.ConfigReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How far one connection may get ahead of the server, in either direction (docs/security.md, Backpressure).
 *
 * @param maxRequestsInFlight a connection with more requests than this waiting on the store stops being
 *                            read from until half of them have finished
 * @param slowConsumerSeconds a connection whose unsent output stays above the write buffer's high-water mark
 *                            this long without a break (checked once a period, so between one and two periods) is cut
 *                            off, like Redis' soft output buffer limit
 */
public record Backpressure(int maxRequestsInFlight, int slowConsumerSeconds) {
    /** 64 requests: 256 KiB of 4 KiB messages, as much as a connection may owe in replies (slowConsumerBytes). */
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 64;
    /** Redis' soft limit for pub/sub clients holds for 60 s. */
    public static final int DEFAULT_SLOW_CONSUMER_SECONDS = 60;

    public static final Backpressure DEFAULTS =
            new Backpressure(DEFAULT_MAX_REQUESTS_IN_FLIGHT, DEFAULT_SLOW_CONSUMER_SECONDS);

    public Backpressure {
        List<String> problems = new ArrayList<>();
        if (maxRequestsInFlight < 2) {
            problems.add("maxRequestsInFlight: " + maxRequestsInFlight + " (expected: >= 2)");
        }
        if (slowConsumerSeconds <= 0) {
            problems.add("slowConsumerSeconds: " + slowConsumerSeconds + " (expected: > 0)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }

    /** Reading resumes once no more than this many requests wait: half the pause mark, so it does not flap. */
    public int resumeReadingAt() {
        return maxRequestsInFlight / 2;
    }

    /** The keys of a properties file, each defaulting to {@code d}'s value. */
    public static Backpressure load(ConfigReader p, Backpressure d) {
        return new Backpressure(
                p.integer("maxRequestsInFlight", d.maxRequestsInFlight),
                p.integer("slowConsumerSeconds", d.slowConsumerSeconds));
    }

    /** Reads the keys from the server's properties file (the one {@code ServerConfig.load} reads). */
    public static Backpressure load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return load(new ConfigReader(p), DEFAULTS);
    }

    public Backpressure withMaxRequestsInFlight(int value) {
        return new Backpressure(value, slowConsumerSeconds);
    }

    public Backpressure withSlowConsumerSeconds(int value) {
        return new Backpressure(maxRequestsInFlight, value);
    }
}
