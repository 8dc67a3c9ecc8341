package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyCli;
import io.parley.app.testing.RunningServer;
import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.LoginResult;
import io.parley.client.ParleyClient;
import io.parley.server.service.TokenSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume tokens over real sockets: a logout, "log out everywhere" and a password change revoke them, they die at
 * the end of their absolute lifetime, and the key that signs them rotates under a running server.
 */
class SessionRevocationTest {
    private static final long WAIT = 10;

    @TempDir
    Path data;

    /** The answer to a resume with {@code token} from a new connection at {@code from}, which then closes. */
    private static LoginResult resume(RunningServer server, String from, int userId, String token) throws Exception {
        ParleyClient client = new ParleyClient(ClientOptions.defaults(), ClientListener.NONE);
        try {
            client.connect(new InetSocketAddress(server.host(), server.port()), new InetSocketAddress(from, 0))
                    .get(WAIT, TimeUnit.SECONDS);
            return client.resume(userId, token).get(WAIT, TimeUnit.SECONDS);
        } finally {
            client.close().get(WAIT, TimeUnit.SECONDS);
        }
    }

    private static LoginResult resume(RunningServer server, int userId, String token) throws Exception {
        return resume(server, "127.0.0.1", userId, token);
    }

    /** Runs {@code parley args...} as a process of its own, as an operator would from a shell; returns its output. */
    private String parley(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The jar's own logging set-up, not the test class path's logback-test.xml files.
                "-Dlogback.configurationFile=" + ParleyCommand.class.getResource("/logback.xml"),
                "-cp",
                System.getProperty("java.class.path"),
                ParleyCommand.class.getName()));
        command.addAll(List.of(args));
        Path errors = data.resolve("stderr.txt");
        Process process =
                new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("exit code; stderr: %s", Files.readString(errors))
                .isZero();
        return out;
    }

    @Test
    void resumingNeverExtendsATokenPastTheLifetimeOfThePasswordLoginItDescendsFrom() throws Exception {
        long lifetimeSeconds = 3;
        try (RunningServer server = RunningServer.with(RunningServer.testConfig()
                        .withDataDir(data)
                        .withTokens(new TokenSettings(lifetimeSeconds, 3600, 60)));
                ChatUser tom = new ChatUser(100, "pw-100")) {
            long loggedInAt = System.nanoTime();
            tom.registerAndLogin(server);

            // Keep resuming with the newest token: each resume succeeds and hands out a token, until the lifetime
            // of the first login runs out, and then none does.
            String[] newest = {tom.login.resumeToken()};
            int[] resumed = {0};
            await().atMost(Duration.ofSeconds(WAIT + lifetimeSeconds))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        LoginResult r = resume(server, 100, newest[0]);
                        if (r.ok()) {
                            newest[0] = r.resumeToken();
                            resumed[0]++;
                        }
                        return !r.ok();
                    });

            assertThat(Duration.ofNanos(System.nanoTime() - loggedInAt))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(lifetimeSeconds).minusMillis(500));
            assertThat(resumed[0]).as("resumes within the lifetime").isPositive();
            assertThat(resume(server, 100, newest[0]).code()).isEqualTo(403);
            try (ChatUser again = new ChatUser(100, "pw-100")) {
                again.connect(server);
                assertThat(again.login().ok()).as("the password still works").isTrue();
            }
        }
    }

    @Test
    void theTokenKeyRotatesUnderARunningServerWithAGracePeriodForTokensOfThePreviousKey() throws Exception {
        long graceSeconds = 4;
        try (RunningServer server = RunningServer.with(RunningServer.testConfig()
                        .withDataDir(data)
                        .withTokens(new TokenSettings(3600, graceSeconds, 1)));
                ChatUser before = ChatUser.online(server, 100)) {
            String old = before.login.resumeToken();

            // A second process writes the server's SQLite file while the server holds it open (WAL mode).
            long rotatedAt = System.nanoTime();
            String out = parley("rotate-token-key", "--data", data.toString());
            assertThat(out).contains("rotated the token key");

            // Once the server has taken the new key, resuming re-signs the same session's token under it.
            String[] migrated = {old};
            await().atMost(Duration.ofSeconds(WAIT))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        migrated[0] = resume(server, 100, old).resumeToken();
                        return !migrated[0].equals(old);
                    });
            String fresh;
            try (ChatUser after = new ChatUser(100, "pw-100")) {
                after.connect(server);
                fresh = after.login().resumeToken();
            }
            assertThat(resume(server, 100, old).code())
                    .as("within the grace period")
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(WAIT + graceSeconds))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> resume(server, 100, old).code() == 403);

            assertThat(Duration.ofNanos(System.nanoTime() - rotatedAt))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(graceSeconds).minusMillis(500));
            assertThat(resume(server, 100, fresh).code())
                    .as("a login after the rotation")
                    .isEqualTo(200);
            assertThat(resume(server, 100, migrated[0]).code())
                    .as("re-signed in the grace period")
                    .isEqualTo(200);
        }
    }

    @Test
    void rotatingTheKeyOfAFolderWithoutAStoreFailsAndCreatesNothing() {
        Path empty = data.resolve("nothing-here");

        ParleyCli.Result result = ParleyCli.run("rotate-token-key", "--data", empty.toString());

        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("no Parley store in");
        assertThat(empty).doesNotExist();
    }
}
