package io.parley.app.testing;

import static java.util.Objects.requireNonNull;

import io.parley.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Parley server for the tests of one class, as {@link RunningServer} makes it (loopback, a free port,
 * the cheapest password hash) on a real SQLite store in a data folder of its own, which is deleted once the
 * server has stopped. On a static field it serves the whole class; on an instance field each test gets a fresh
 * one:
 * <pre>{@code
 * @RegisterExtension
 * final ParleyServerExtension server = new ParleyServerExtension(config -> config.withLoadTest(true));
 *
 * @Test
 * void something() throws Exception {
 *     try (ChatUser tom = ChatUser.online(server, 100)) { ... }
 * }
 * }</pre>
 * The server is started before the class's own {@code @BeforeAll}/{@code @BeforeEach} methods run and stopped
 * after its {@code @AfterEach}/{@code @AfterAll} methods, so those can set up users and close clients.
 */
public final class ParleyServerExtension
        implements ServerAddress, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final UnaryOperator<ServerConfig> options;
    /** Set when JUnit calls {@link #beforeAll}, which it does only for a static field. */
    private boolean perClass;

    private Path dataDir;
    private RunningServer server;
    private boolean running;
    private int port;

    /** A server with {@link RunningServer#testConfig()}. */
    public ParleyServerExtension() {
        this(UnaryOperator.identity());
    }

    /**
     * A server with {@code options} applied to {@link RunningServer#testConfig()}; applied when the server
     * starts, so they may read what other extensions have started by then (a Redis, say).
     */
    public ParleyServerExtension(UnaryOperator<ServerConfig> options) {
        this.options = requireNonNull(options, "options");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        perClass = true;
        dataDir = Files.createTempDirectory("parley-test-");
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            dataDir = Files.createTempDirectory("parley-test-");
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!perClass) {
            stopAndDelete();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stopAndDelete();
    }

    /** Starts the server on its data folder again after {@link #stop()}, on a new port. */
    public void start() throws Exception {
        if (running) {
            throw new IllegalStateException("already running on port " + port);
        }
        ServerConfig config = requireNonNull(
                options.apply(RunningServer.testConfig().withDataDir(dataDir)), "the options' configuration");
        server = RunningServer.with(config);
        port = server.port();
        running = true;
    }

    /** Stops gracefully; a no-op when stopped. {@link #port()} still tells where it listened. */
    public void stop() throws Exception {
        if (running) {
            running = false;
            server.close();
        }
    }

    /** Stops gracefully and starts again on a new port with the same data. */
    public void restart() throws Exception {
        stop();
        start();
    }

    @Override
    public String host() {
        return "127.0.0.1";
    }

    /** The port the server listens on, or listened on last when stopped. */
    @Override
    public int port() {
        if (server == null) {
            throw new IllegalStateException(
                    "the server runs only while a test does; register this extension" + " with @RegisterExtension");
        }
        return port;
    }

    /** The server's data folder: its SQLite files, and a place for whatever else a test writes. */
    public Path dataDir() {
        if (dataDir == null) {
            throw new IllegalStateException("no data folder outside a test");
        }
        return dataDir;
    }

    private void stopAndDelete() throws Exception {
        try {
            stop();
        } finally {
            server = null;
            if (dataDir != null) {
                deleteRecursively(dataDir);
                dataDir = null;
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
