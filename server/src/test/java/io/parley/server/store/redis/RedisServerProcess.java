package io.parley.server.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests, on a free loopback port, with its data in its own temporary
 * directory: {@code redis-server} from the PATH, or else the Linux binary shipped in the
 * {@code com.github.codemonstur:embedded-redis} jar (which must then be on the test classpath).
 *
 * <p>It runs with RDB snapshots off and the append-only file on with fsync on every write, so that
 * {@link #restart()} finds every acknowledged write again. Only the process started here is ever stopped,
 * through its own handle.
 */
public final class RedisServerProcess implements AutoCloseable {
    /** The binary inside the embedded-redis jar, for machines without Redis installed. */
    private static final String EMBEDDED_BINARY = "redis-server-6.2.6-v5-linux-amd64";

    private static final long START_TIMEOUT_MILLIS = 10_000;
    private static final long STOP_TIMEOUT_SECONDS = 10;
    private static final int PORT_ATTEMPTS = 3;

    private final Path executable;
    private final Path dir;
    private final int port;
    private final List<String> extraArguments;
    private final Thread killOnExit;
    private volatile Process process;

    private RedisServerProcess(Path executable, Path dir, int port, List<String> extraArguments) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.extraArguments = List.copyOf(extraArguments);
        this.killOnExit = new Thread(this::kill, "redis-server-" + port + "-kill");
    }

    /** Starts a server on a free port and waits until it answers PING. */
    public static RedisServerProcess start() throws IOException {
        return start(false, List.of(), RedisServerProcess::freePort);
    }

    /** Starts the Redis 6.2 binary from the embedded-redis jar even when Redis is installed, to test against it. */
    public static RedisServerProcess startEmbedded() throws IOException {
        return start(true, List.of(), RedisServerProcess::freePort);
    }

    /**
     * For other harnesses of this package: a server started like {@link #start()} with {@code extraArguments}
     * after the usual ones, on a port {@code ports} chooses.
     */
    static RedisServerProcess start(List<String> extraArguments, PortChooser ports) throws IOException {
        return start(false, extraArguments, ports);
    }

    /** Picks a port to try; called again when redis-server could not bind the last one. */
    @FunctionalInterface
    interface PortChooser {
        int choose() throws IOException;
    }

    private static RedisServerProcess start(boolean embedded, List<String> extraArguments, PortChooser ports)
            throws IOException {
        Path dir = Files.createTempDirectory("parley-redis-");
        Path executable;
        try {
            executable = embedded ? extractEmbedded(dir) : findExecutable(dir);
        } catch (IOException e) {
            deleteRecursively(dir);
            throw e;
        }
        IOException failure = null;
        // A port found free can be taken by someone else before redis-server binds it; try another.
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            RedisServerProcess server = new RedisServerProcess(executable, dir, ports.choose(), extraArguments);
            try {
                server.launch();
                Runtime.getRuntime().addShutdownHook(server.killOnExit);
                return server;
            } catch (IOException e) {
                server.kill();
                failure = e;
            }
        }
        deleteRecursively(dir);
        throw failure;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    public String uri() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    /** The running server's process id, for benchmarks that read its CPU time from {@code /proc}. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("redis-server on port " + port + " is not running");
        }
        return process.pid();
    }

    /** Where the server keeps its append-only file and its log. */
    public Path dir() {
        return dir;
    }

    /** Stops the server and starts it again on the same port and directory; data comes back from the AOF. */
    public synchronized void restart() throws IOException {
        stop();
        launch();
    }

    /** Stops the server, keeping its port and directory for {@link #startAgain()}: Redis is away meanwhile. */
    public synchronized void pause() throws IOException {
        stop();
    }

    /** Starts a server stopped by {@link #pause()} again; data comes back from the AOF. */
    public synchronized void startAgain() throws IOException {
        launch();
    }

    /** Deletes every key of every database. Scripts stay loaded. */
    public void flushAll() throws IOException {
        call("FLUSHALL");
    }

    /**
     * Sends one command and returns its reply as text: a status or bulk string, an integer, or null for a
     * null bulk string. An error reply throws. Arrays are not supported.
     */
    public String call(String... command) throws IOException {
        return Resp.call(port, command);
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() throws IOException {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to; it only kills what stop() already stopped
        }
        deleteRecursively(dir);
    }

    private synchronized void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(
                executable.toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                dir.toString(),
                "--daemonize",
                "no",
                "--logfile",
                ""));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        awaitPong();
    }

    private void awaitPong() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited with " + process.exitValue() + " on port " + port
                        + "; its log:\n" + Files.readString(log()));
            }
            try {
                if ("PONG".equals(call("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet, or still loading the AOF (-LOADING)
                last = notYet;
            }
            sleep(20);
        }
        throw new IOException(
                "redis-server on port " + port + " did not answer PING within " + START_TIMEOUT_MILLIS
                        + " ms; its log:\n" + Files.readString(log()),
                last);
    }

    /** SIGTERM, which Redis handles by flushing the AOF and exiting; SIGKILL if it does not exit in time. */
    private synchronized void stop() throws IOException {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while stopping redis-server on port " + port, e);
        } finally {
            process = null;
        }
    }

    private void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private Path log() {
        return dir.resolve("redis-server.log");
    }

    private static Path findExecutable(Path dir) throws IOException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(java.io.File.pathSeparator, -1)) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(entry, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return extractEmbedded(dir);
    }

    private static Path extractEmbedded(Path dir) throws IOException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IOException("no redis-server on the PATH, and the embedded one is only used on Linux x86-64"
                    + " (this is " + os + " " + arch + ")");
        }
        try (InputStream in = RedisServerProcess.class.getClassLoader().getResourceAsStream(EMBEDDED_BINARY)) {
            if (in == null) {
                throw new IOException("no redis-server on the PATH and no " + EMBEDDED_BINARY
                        + " on the classpath (add the test dependency com.github.codemonstur:embedded-redis)");
            }
            Path target = dir.resolve("redis-server");
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            if (!target.toFile().setExecutable(true, true)) {
                throw new IOException("cannot make " + target + " executable");
            }
            return target;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for redis-server", e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
