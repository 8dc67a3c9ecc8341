package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.transport.WebSettings;
import picocli.CommandLine.Option;

/** {@code parley server} flags for the HTTP and HTTPS listeners: the web client and the WebSocket endpoint (docs/protocol.md, "WebSocket"). */
final class WebFlags {
    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            description = "HTTP port for browsers: the web client at /, WebSocket connections at /ws (default: 8080; 0 "
                    + "turns it off).")
    Integer port;

    @Option(
            names = "--https-port",
            paramLabel = "PORT",
            description = "HTTPS port: the same over TLS (https://, wss://), with --tls-cert and --tls-key (default: "
                    + "off).")
    Integer httpsPort;

    @Option(
            names = "--allowed-origins",
            paramLabel = "ORIGIN[,ORIGIN...]",
            description = "Pages elsewhere allowed to open a WebSocket, e.g. https://chat.example.com (default: the "
                    + "server's own origin only; * allows any).")
    String origins;

    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
        if (port == null && origins == null && httpsPort == null) {
            return;
        }
        WebSettings current = config.build().web();
        config.web(WebSettings.fromFlag(
                port != null ? port : current.enabled() ? current.port() : 0,
                origins != null ? WebSettings.parseList(origins) : current.allowedOrigins(),
                httpsPort != null ? httpsPort : current.httpsEnabled() ? current.httpsPort() : 0));
    }
}
