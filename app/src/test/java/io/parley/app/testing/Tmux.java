package io.parley.app.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;

/**
 * A command running in a real terminal: a tmux server of the test's own (its socket in a temporary folder,
 * no user config) with one window, driven with {@code send-keys} and read with {@code capture-pane}, which
 * gives the screen as a person would see it. When the command ends the window stays a while, showing
 * {@code [exited N]}.
 */
public final class Tmux implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final Path folder;
    private final Path socket;

    private Tmux(Path folder) {
        this.folder = folder;
        this.socket = folder.resolve("tmux.sock");
    }

    /** Whether a tmux that can be run is on the PATH; tests that need one are skipped without it. */
    public static boolean installed() {
        try {
            Process p =
                    new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code command} in a new terminal of 120 by 40 characters, in a UTF-8 locale. */
    public static Tmux start(List<String> command) throws Exception {
        Tmux tmux = new Tmux(Files.createTempDirectory("parley-tmux"));
        String shell = command.stream().map(Tmux::quote).collect(Collectors.joining(" "))
                + "; echo \"[exited $?]\"; sleep 120";
        tmux.tmux("new-session", "-d", "-s", "test", "-x", "120", "-y", "40", shell);
        return tmux;
    }

    /** Types the text literally, without Enter. */
    public void keys(String text) throws Exception {
        tmux("send-keys", "-t", "test", "-l", text);
    }

    public void enter() throws Exception {
        tmux("send-keys", "-t", "test", "Enter");
    }

    public void ctrlC() throws Exception {
        tmux("send-keys", "-t", "test", "C-c");
    }

    /** Waits for {@code prompt} at the cursor, then types the answer and presses Enter. */
    public void answer(String prompt, String text) throws Exception {
        awaitPrompt(prompt);
        keys(text);
        enter();
    }

    /** The screen and its scrollback, one string per row, trailing blanks removed, empty rows at the end dropped. */
    public List<String> lines() throws Exception {
        List<String> rows = new ArrayList<>(tmux("capture-pane", "-p", "-J", "-t", "test", "-S", "-1000")
                .lines()
                .map(String::stripTrailing)
                .toList());
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        return rows;
    }

    /** Waits until the last row reads {@code text} (compared without trailing blanks). */
    public void awaitPrompt(String text) {
        patiently().untilAsserted(() -> {
            List<String> rows = lines();
            assertThat(rows).as("the terminal's last row").isNotEmpty();
            assertThat(rows.get(rows.size() - 1))
                    .as("the terminal's last row; the screen:%n%s", String.join("\n", rows))
                    .isEqualTo(text.stripTrailing());
        });
    }

    /** Waits until the rows appear on the screen in this order. */
    public void awaitLines(String... rows) {
        patiently().untilAsserted(() -> assertThat(lines()).containsSubsequence(rows));
    }

    /** Waits until a row matches {@code regex}. */
    public void awaitLineMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        patiently()
                .untilAsserted(() ->
                        assertThat(lines()).anyMatch(row -> pattern.matcher(row).matches()));
    }

    /** Stops this test's tmux server, and with it the command if it still runs. */
    @Override
    public void close() throws Exception {
        try {
            tmux("kill-server");
        } catch (IOException alreadyGone) {
            // The server ends by itself once its only window has closed.
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(folder);
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux", "-f", "/dev/null", "-S", socket.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C.UTF-8");
        builder.environment().remove("TMUX");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static ConditionFactory patiently() {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
    }
}
