package io.parley.dist;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive that {@code mvn package} built, as an operator gets it: unpacked with tar (so its file modes are the
 * ones shipped), its conf/parley.properties edited by uncommenting lines, {@code bin/parley server} started from
 * it with JSON log lines, a user registered and logged in over TCP by {@code bin/parley client --script}, and the
 * server stopped with SIGTERM. Only loopback; the one process stopped is the one this test started.
 */
class ReleaseIT {
    private static final Path ARCHIVE = Path.of(System.getProperty("parley.release", "missing: run through failsafe"));
    private static final String NAME = System.getProperty("parley.releaseName", "parley");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private Process server;
    /** The admin listener's port, chosen by {@link #configure}. */
    private int adminPort;

    @AfterEach
    void stopWhatThisTestStarted() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly();
            server.waitFor(10, SECONDS);
        }
    }

    @Test
    void theUnpackedReleaseServesALoginAndStopsCleanlyOnSigterm() throws Exception {
        Path home = unpacked(root);
        int httpPort = freePort();
        int port = configure(home, httpPort);
        Path log = root.resolve("server.log");

        start(home, port, log);
        assertThat(messages(log))
                .contains("web client on http://127.0.0.1:" + httpPort
                        + "/, WebSocket at /ws (origins: the server's own)");
        // The launcher ran the JVM itself (exec: the same process), with its heap and the shipped logging file.
        assertThat(server.info().arguments().map(List::of).orElseThrow())
                .contains(
                        "-XX:+UseG1GC", "-Xmx160m", "-Dlogback.configurationFile=" + home.resolve("conf/logback.xml"));

        List<String> client = script(home, port, "register 100 secret tom", "login 100 secret", "quit");
        assertThat(client).contains("ok register 100");
        assertThat(client).anyMatch(ReleaseIT::tomLoggedIn);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> messages(log).stream().anyMatch(m -> m.startsWith("login user 100 from /127.0.0.1:")));
        assertThat(root.resolve("chat-data/parley.db")).isRegularFile();
        assertThat(root.resolve("data")).doesNotExist();

        stop(log);
    }

    /**
     * docs/operations.md's upgrade, with a second unpacking of the same archive standing in for the next version:
     * stopped, bin/ and lib/ swapped for the new ones, conf/ and the data folder kept, started again. The account
     * made before is there, and the edited configuration still in force.
     */
    @Test
    void anUpgradeSwappingBinAndLibKeepsTheConfigurationAndTheData() throws Exception {
        Path home = unpacked(Files.createDirectory(root.resolve("installed")));
        int port = configure(home, 0);
        start(home, port, root.resolve("before.log"));
        assertThat(script(home, port, "register 100 secret tom", "quit")).contains("ok register 100");
        stop(root.resolve("before.log"));

        Path next = unpacked(Files.createDirectory(root.resolve("next")));
        for (String folder : List.of("bin", "lib")) {
            Files.move(home.resolve(folder), root.resolve(folder + ".previous"));
            Files.move(next.resolve(folder), home.resolve(folder));
        }
        start(home, port, root.resolve("after.log"));
        assertThat(script(home, port, "login 100 secret", "quit")).anyMatch(ReleaseIT::tomLoggedIn);
        stop(root.resolve("after.log"));
    }

    /**
     * docs/operations.md's back up and restore: {@code bin/parley admin backup} while the server runs, then,
     * stopped, the copy put in place of the database; the account made before the backup is there, the one made
     * after it is not.
     */
    @Test
    void aBackupTakenWhileTheServerRunsRestoresTheStoreAsItWas() throws Exception {
        Path home = unpacked(root);
        int port = configure(home, 0);
        start(home, port, root.resolve("running.log"));
        assertThat(script(home, port, "register 100 secret tom", "quit")).contains("ok register 100");
        Path copy = root.resolve("parley-backup.db");

        run(
                List.of(
                        home.resolve("bin/parley").toString(),
                        "admin",
                        "--admin",
                        "127.0.0.1:" + adminPort,
                        "--data",
                        root.resolve("chat-data").toString(),
                        "backup",
                        copy.toString()),
                Duration.ofSeconds(60));
        assertThat(script(home, port, "register 200 secret bob", "quit")).contains("ok register 200");
        stop(root.resolve("running.log"));

        Path data = root.resolve("chat-data");
        for (String companion : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(data.resolve("parley.db" + companion));
        }
        Files.copy(copy, data.resolve("parley.db"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        start(home, port, root.resolve("restored.log"));
        assertThat(script(home, port, "login 100 secret", "quit")).anyMatch(ReleaseIT::tomLoggedIn);
        assertThat(script(home, port, "login 200 secret", "quit")).noneMatch(line -> line.startsWith("ok login"));
        stop(root.resolve("restored.log"));
    }

    private static boolean tomLoggedIn(String line) {
        return line.matches("ok login 100 online=\\[100\\] count=1( token=\\S+)? name=tom");
    }

    /**
     * Edits the shipped conf/parley.properties as an operator would, by uncommenting lines: loopback, a free port
     * (returned), {@code httpPort} (0: off), the data in the test's folder.
     */
    private int configure(Path home, int httpPort) throws IOException {
        int port = freePort();
        Path conf = home.resolve("conf/parley.properties");
        uncomment(conf, "host", "127.0.0.1");
        uncomment(conf, "port", String.valueOf(port));
        uncomment(conf, "httpPort", String.valueOf(httpPort));
        uncomment(conf, "dataDir", root.resolve("chat-data").toString());
        adminPort = freePort();
        uncomment(conf, "adminPort", String.valueOf(adminPort));
        return port;
    }

    /**
     * {@code bin/parley server --config conf/parley.properties}, run from the test's folder with JSON logs going to
     * {@code log}, once it has said it started.
     */
    private void start(Path home, int port, Path log) throws IOException {
        ProcessBuilder start = new ProcessBuilder(
                        home.resolve("bin/parley").toString(),
                        "server",
                        "--config",
                        home.resolve("conf/parley.properties").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = start.environment();
        env.remove("PARLEY_JAVA_OPTS");
        env.put("PARLEY_HEAP", "160m");
        env.put("PARLEY_LOG_FORMAT", "json");
        server = start.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> messages(log).stream()
                        .anyMatch(m -> m.startsWith("Parley started on 127.0.0.1:" + port + " ")));
    }

    /** SIGTERM, and a clean stop: in time, with the JVM's status for it and the server's last two lines. */
    private void stop(Path log) throws InterruptedException {
        server.destroy(); // SIGTERM
        assertThat(server.waitFor(30, SECONDS))
                .as("stopped within 30 s of SIGTERM")
                .isTrue();
        // 128 + 15: the JVM's exit after SIGTERM once its shutdown hook (the graceful stop) has run.
        assertThat(server.exitValue()).isEqualTo(143);
        List<String> messages = messages(log);
        assertThat(messages.subList(messages.size() - 2, messages.size()))
                .containsExactly("Parley stopping (0 connections)", "Parley stopped");
    }

    /** The archive unpacked by tar into {@code folder}, its layout checked. */
    private static Path unpacked(Path folder) throws Exception {
        assertThat(ARCHIVE).isRegularFile();
        run(List.of("tar", "-xzf", ARCHIVE.toString(), "-C", folder.toString()), Duration.ofSeconds(60));
        Path home = folder.resolve(NAME);
        assertThat(home.resolve("bin/parley")).isExecutable();
        assertThat(home.resolve("lib/parley.jar")).isRegularFile();
        assertThat(home.resolve("conf/parley.properties")).isRegularFile();
        assertThat(home.resolve("conf/logback.xml")).isRegularFile();
        assertThat(home.resolve("systemd/parley.service")).isRegularFile();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("docs/operations.md")).isRegularFile();
        assertThat(home.resolve("pom.xml")).doesNotExist();
        return home;
    }

    /** Turns the shipped {@code #key=default} line into {@code key=value}, as an operator edits the file. */
    private static void uncomment(Path conf, String key, String value) throws IOException {
        String text = Files.readString(conf, StandardCharsets.UTF_8);
        String edited = text.replaceFirst("(?m)^#" + key + "=.*$", key + "=" + value.replace("\\", "\\\\"));
        assertThat(edited).as("a #%s= line in %s", key, conf).isNotEqualTo(text);
        Files.writeString(conf, edited, StandardCharsets.UTF_8);
    }

    /** The client in script mode, from the release: one line in per command, the lines it printed out. */
    private static List<String> script(Path home, int port, String... commands) throws Exception {
        Process client = new ProcessBuilder(
                        home.resolve("bin/parley").toString(), "client", "--script", "127.0.0.1:" + port)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            client.getOutputStream().write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().close();
            String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(60, SECONDS)).as("client finished").isTrue();
            return out.lines().toList();
        } finally {
            client.destroyForcibly();
        }
    }

    /**
     * The messages of the server's log so far, every line of which must be one JSON object (PARLEY_LOG_FORMAT=json);
     * a line still being written (no line feed yet) is left for the next look.
     */
    private static List<String> messages(Path log) {
        String text;
        try {
            text = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> messages = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).lines().toList()) {
            JsonNode event;
            try {
                event = JSON.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("not a JSON log line: " + line, e);
            }
            assertThat(event.get("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
            assertThat(event.get("timestamp").asLong()).as(line).isPositive();
            messages.add(event.get("formattedMessage").asText());
        }
        return messages;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command, Duration limit) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor(limit.toSeconds(), SECONDS))
                .as("%s finished", command)
                .isTrue();
        assertThat(p.exitValue()).as("%s exit status", command).isZero();
    }
}
