package io.parley.server.admin;

import io.parley.server.config.ConfigReader;

/**
 * The admin listener: {@code /metrics} for Prometheus, {@code /health} for load balancers and orchestrators,
 * and the operator's commands ({@code parley admin}, with the token kept in the data folder). It listens on the
 * loopback address unless told otherwise: whoever can reach it can read what the server counts, and with the
 * token act on users.
 *
 * @param host address to listen on (127.0.0.1 by default)
 * @param port TCP port; -1 for none, 0 for a free one (tests). On the command line and in the properties file,
 *             {@code 0} turns it off.
 */
public record AdminSettings(String host, int port) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9000;
    public static final AdminSettings DEFAULTS = new AdminSettings(DEFAULT_HOST, DEFAULT_PORT);
    public static final AdminSettings OFF = new AdminSettings(DEFAULT_HOST, -1);

    public AdminSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("adminHost: empty (expected: an address such as 127.0.0.1)");
        }
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("adminPort: " + port + " (expected: -1 for none, or 0-65535)");
        }
    }

    /** The port as the command line and the properties file give it: {@code 0} turns the listener off. */
    public static AdminSettings fromFlag(String host, int port) {
        if (port < 0) {
            throw new IllegalArgumentException("adminPort: " + port + " (expected: 0 for none, or 1-65535)");
        }
        return new AdminSettings(host, port == 0 ? -1 : port);
    }

    public boolean enabled() {
        return port >= 0;
    }

    public AdminSettings withPort(int value) {
        return new AdminSettings(host, value);
    }

    /** The keys {@code adminHost} and {@code adminPort} (0: off), each defaulting to d's. */
    public static AdminSettings load(ConfigReader p, AdminSettings d) {
        return fromFlag(p.string("adminHost", d.host).trim(), p.integer("adminPort", d.enabled() ? d.port : 0));
    }
}
