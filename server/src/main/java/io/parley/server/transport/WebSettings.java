package io.parley.server.transport;

import io.parley.server.config.ConfigReader;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP listener beside the TCP one: WebSocket connections at {@value #WEBSOCKET_PATH}, which are Parley
 * connections like any other (docs/protocol.md, "WebSocket").
 *
 * <p>A browser sends the page's origin with every WebSocket upgrade, and lets any page open a socket to any
 * server: without a check, a page elsewhere could act for a user whose browser holds a session. So an upgrade
 * that carries an {@code Origin} is taken only from the server's own origin (the {@code Host} it was asked
 * for) or one of {@code allowedOrigins}; clients that are not browsers send no origin and are taken.
 *
 * <p>The same pages and WebSockets can also be served over TLS ({@code https://}, {@code wss://}) on {@code
 * httpsPort}, with the certificate and key of {@link TlsSettings}.
 *
 * @param port           TCP port of the HTTP listener; -1 for none, 0 for a free one (tests). On the command line
 *                       and in the properties file, {@code 0} turns it off.
 * @param allowedOrigins origins ({@code https://chat.example.com}, scheme, host and port as the browser sends them)
 *                       also allowed to open a WebSocket; {@code *} allows any
 * @param httpsPort      TCP port of the HTTPS listener; -1 for none (the default), 0 for a free one (tests)
 */
public record WebSettings(int port, List<String> allowedOrigins, int httpsPort) {
    public static final String WEBSOCKET_PATH = "/ws";
    public static final int DEFAULT_PORT = 8080;
    public static final WebSettings OFF = new WebSettings(-1, List.of(), -1);
    public static final WebSettings DEFAULTS = new WebSettings(DEFAULT_PORT, List.of(), -1);

    public WebSettings {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("httpPort: " + port + " (expected: -1 for none, or 0-65535)");
        }
        if (httpsPort < -1 || httpsPort > 65535) {
            throw new IllegalArgumentException("httpsPort: " + httpsPort + " (expected: -1 for none, or 0-65535)");
        }
        if (allowedOrigins == null) {
            throw new IllegalArgumentException("allowedOrigins: missing (expected: a list, empty for none)");
        }
        allowedOrigins = allowedOrigins.stream().map(WebSettings::normalized).toList();
    }

    /** An HTTP listener on {@code port} (0: a free one) that takes WebSockets from its own origin only. */
    public static WebSettings on(int port) {
        return new WebSettings(port, List.of(), -1);
    }

    /**
     * The port as the command line and the properties file give it: {@code 0} turns the listener off (a free
     * port makes no sense for a listener that people must find).
     */
    public static WebSettings fromFlag(int port, List<String> allowedOrigins, int httpsPort) {
        if (port < 0) {
            throw new IllegalArgumentException("httpPort: " + port + " (expected: 0 for none, or 1-65535)");
        }
        if (httpsPort < 0) {
            throw new IllegalArgumentException("httpsPort: " + httpsPort + " (expected: 0 for none, or 1-65535)");
        }
        return new WebSettings(port == 0 ? -1 : port, allowedOrigins, httpsPort == 0 ? -1 : httpsPort);
    }

    /** Whether the plaintext HTTP listener is on. */
    public boolean enabled() {
        return port >= 0;
    }

    public boolean httpsEnabled() {
        return httpsPort >= 0;
    }

    public WebSettings withPort(int value) {
        return new WebSettings(value, allowedOrigins, httpsPort);
    }

    public WebSettings withAllowedOrigins(List<String> value) {
        return new WebSettings(port, value, httpsPort);
    }

    public WebSettings withHttpsPort(int value) {
        return new WebSettings(port, allowedOrigins, value);
    }

    /** Whether an upgrade with this {@code Origin} header (null: none), asked of {@code host}, is taken. */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String asked = normalized(origin);
        if (allowedOrigins.contains("*") || allowedOrigins.contains(asked)) {
            return true;
        }
        return host != null && sameHost(asked, host);
    }

    /**
     * The keys {@code httpPort} and {@code httpsPort} (0: off) and {@code allowedOrigins} (comma-separated), each
     * defaulting to d's.
     */
    public static WebSettings load(ConfigReader p, WebSettings d) {
        String origins = p.string("allowedOrigins", null);
        List<String> allowed = origins == null ? d.allowedOrigins : parseList(origins);
        int port = p.integer("httpPort", d.enabled() ? d.port : 0);
        int https = p.integer("httpsPort", d.httpsEnabled() ? d.httpsPort : 0);
        return fromFlag(port, allowed, https);
    }

    /** {@code a, b,c} as a list, blanks dropped. */
    public static List<String> parseList(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** An origin's host and port equal the Host header's; a browser sends the port only when not the default. */
    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalized(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
