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
    private final ServerConfig config;
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

    /** A server with any configuration; host, port and hash cost are set for tests. */
    public static RunningServer with(ServerConfig config) throws Exception {
        return new RunningServer(config.withHost("127.0.0.1").withPort(0).withBcryptCost(4));
    }

    /** Like {@link #with(ServerConfig)}, with how far one connection may get ahead of the server. */
    public static RunningServer with(ServerConfig config, Backpressure backpressure) throws Exception {
        return new RunningServer(config.withHost("127.0.0.1").withPort(0).withBcryptCost(4), backpressure);
    }

    public static ServerConfig testConfig() {
        return ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withBcryptCost(4);
    }

    @Override
    public int port() {
        return server.port();
    }

    /** The TLS listener's port, or -1 when the configuration has none. */
    public int tlsPort() {
        return server.tlsPort();
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

    @Override
    public void close() throws Exception {
        server.close();
    }
}
