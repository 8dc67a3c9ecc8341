package io.parley.server.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@link NettyTransport} is started with, as one immutable value validated on construction; the
 * server builds it from its configuration with {@code ServerConfig.transport(Backpressure)}.
 *
 * @param host              address to listen on
 * @param port              TCP port; 0 picks a free one (tests)
 * @param maxFrameLength    largest frame body accepted or sent, in bytes
 * @param heartbeatSeconds  how often clients should ping; one silent for three periods is closed
 * @param slowConsumerBytes bytes queued for a client that stops reading before it is cut off
 * @param ioThreads         event loop threads for the connections; 0 takes Netty's default
 * @param admission         deadlines and connection caps (docs/security.md)
 * @param tls               the TLS listener, or {@link TlsSettings#OFF}
 * @param web               the HTTP listener for WebSocket connections, or {@link WebSettings#OFF}
 * @param backpressure      how far one connection may get ahead of the server
 */
public record TransportSettings(
        String host,
        int port,
        int maxFrameLength,
        int heartbeatSeconds,
        int slowConsumerBytes,
        int ioThreads,
        AdmissionLimits admission,
        TlsSettings tls,
        WebSettings web,
        Backpressure backpressure) {
    public TransportSettings {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) {
            problems.add("host: empty (expected: an address such as 0.0.0.0)");
        }
        if (port < 0 || port > 65535) {
            problems.add("port: " + port + " (expected: 0-65535)");
        }
        if (maxFrameLength <= 0) {
            problems.add("maxFrameLength: " + maxFrameLength + " (expected: > 0)");
        }
        if (heartbeatSeconds <= 0) {
            problems.add("heartbeatSeconds: " + heartbeatSeconds + " (expected: > 0)");
        }
        if (slowConsumerBytes < maxFrameLength) {
            problems.add("slowConsumerBytes: " + slowConsumerBytes + " (expected: >= maxFrameLength)");
        }
        if (ioThreads < 0) {
            problems.add("ioThreads: " + ioThreads + " (expected: 0 for the default, or more)");
        }
        if (admission == null || tls == null || web == null || backpressure == null) {
            problems.add("limits: missing (expected: admission, tls, web and backpressure)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }
}
