package io.parley.app.testing;

import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.transport.Backpressure;
import java.nio.file.Path;

/**
 * A real Parley server for a test: loopback, a free port, its own data folder, and the cheapest password
 * hash cost so that logins do not dominate test time. {@link #restart()} keeps the data folder.
 */
public final class RunningServer implements ServerAddress, AutoCloseable {
    private ServerConfig config;
    private final Backpressure backpressure;
    private ParleyServer server;

    private RunningServer(ServerConfig config) throws Exception {
        this(config, Backpressure.DEFAULTS);
    }

    private RunningServer(ServerConfig config, Backpressure backpressure) throws Exception {
        this.config = config;
        this.backpressure = backpressure;
        this.server = ParleyServer.start(config, backpressure);
    }

    /** An embedded-store server with its data in {@code dataDir}. */
    public static RunningServer embedded(Path dataDir) throws Exception {
        return new RunningServer(testConfig().withDataDir(dataDir));
    }

    /** A server on the Redis at {@code redisUri}. */
    public static RunningServer redis(String redisUri, Path dataDir) throws Exception {
        return new RunningServer(testConfig().withDataDir(dataDir).withRedisUri(redisUri));
    }

    /** A server with any configuration; host, ports and hash cost are set for tests. */
    public static RunningServer with(ServerConfig config) throws Exception {
        return new RunningServer(forTests(config));
    }

    /** Like {@link #with(ServerConfig)}, with how far one connection may get ahead of the server. */
    public static RunningServer with(ServerConfig config, Backpressure backpressure) throws Exception {
        return new RunningServer(forTests(config), backpressure);
    }

    public static ServerConfig testConfig() {
        return forTests(ServerConfig.defaults());
    }

    /** Loopback, free ports (the HTTP and admin listeners' too, when on), the cheapest hash cost. */
    private static ServerConfig forTests(ServerConfig config) {
        ServerConfig c = config.withHost("127.0.0.1").withPort(0).withBcryptCost(4);
        c = c.web().enabled() ? c.withWeb(c.web().withPort(0)) : c;
        return c.admin().enabled() ? c.withAdmin(c.admin().withPort(0)) : c;
    }

    @Override
    public int port() {
        return server.port();
    }

    /** The configuration it runs with, its ports as configured (0: a free one). */
    public ServerConfig config() {
        return config;
    }

    /** The WebSocket listener's port, or -1 when the configuration has none. */
    public int webPort() {
        return server.webPort();
    }

    /** Its WebSocket listener, for a client with {@code ClientOptions.withWebSocket(true)}. */
    public ServerAddress webAddress() {
        RunningServer server = this;
        return new ServerAddress() {
            @Override
            public String host() {
                return server.host();
            }

            @Override
            public int port() {
                return server.webPort();
            }
        };
    }

    /** The TLS listener's port, or -1 when the configuration has none. */
    public int tlsPort() {
        return server.tlsPort();
    }

    /** The admin listener's port, or -1 without one. */
    public int adminPort() {
        return server.adminPort();
    }

    /** The HTTPS listener's port, or -1 without one. */
    public int httpsPort() {
        return server.httpsPort();
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    /** Stops gracefully and starts again on a new port with the same store. */
    public void restart() throws Exception {
        server.close();
        server = ParleyServer.start(config, backpressure);
    }

    /**
     * Stops gracefully, keeping the ports for {@link #startAgainOnTheSamePorts()}: a web page, which reconnects to
     * the host it came from, finds the server again there.
     */
    public void stopKeepingThePorts() throws Exception {
        ServerConfig c = config.withPort(server.port());
        config = c.web().enabled() ? c.withWeb(c.web().withPort(server.webPort())) : c;
        server.close();
    }

    public void startAgainOnTheSamePorts() throws Exception {
        server = ParleyServer.start(config, backpressure);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
