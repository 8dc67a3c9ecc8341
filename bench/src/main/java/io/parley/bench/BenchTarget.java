package io.parley.bench;

import java.util.Objects;

/**
 * One server node the bench talks to, as {@code host:port}. A run takes a list of them and puts user
 * {@code i} on node {@code i mod n}, so that with several nodes most conversations cross from one to another.
 */
public record BenchTarget(String host, int port) {
    public BenchTarget {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host: empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /** Reads {@code host:port} ({@code [v6]:port} for an IPv6 literal). */
    public static BenchTarget parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("server: '" + text + "' (expected: host:port)");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new BenchTarget(host, Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server: '" + text + "' (expected: host:port)");
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
