package io.parley.app.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.client.ClientOptions;
import io.parley.client.terminal.TerminalClient;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionFactory;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * A person at Parley's terminal client: the real {@link TerminalClient} runs on its own thread against a
 * real server; the test types into its standard input while it runs and reads its screen as it changes.
 * The {@code awaitLine} methods move a cursor down the finished lines, so a test states what it expects
 * in order while lines that the server pushes at any moment fall in between.
 */
public final class TerminalUser implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final String name;
    /** What pressing Enter sends: a newline down a pipe, a carriage return from a terminal's keyboard. */
    private final String enter;

    private final Keyboard keyboard = new Keyboard();
    private final Screen screen = new Screen();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private int cursor;

    private TerminalUser(String name, String enter) {
        this.name = name;
        this.enter = enter;
    }

    /** The client in script mode ({@code parley client --script}); {@code name} labels failures. */
    public static TerminalUser script(String name, ServerAddress server) {
        TerminalUser user = new TerminalUser(name, "\n");
        PrintStream out = new PrintStream(user.screen, true, StandardCharsets.UTF_8);
        return user.start(() -> TerminalClient.run(server.host(), server.port(), true, "en", user.keyboard, out));
    }

    /**
     * The interactive client with its menus in {@code lang}, on a JLine terminal of type {@code xterm}
     * over the streams: what a person at a terminal gets, with typed keys echoed, a password as stars,
     * lines that arrive printed above the prompt, and Ctrl-C as an interrupt.
     */
    public static TerminalUser interactive(String name, ServerAddress server, String lang) {
        TerminalUser user = new TerminalUser(name, "\r");
        return user.start(() -> {
            // JLine's own line discipline in Java, not TerminalBuilder's: that one pumps the streams through a
            // native pty, which is not there on every machine and swallows Ctrl-C, the pty having no process.
            try (Terminal terminal =
                    new ExternalTerminal("parley-test", "xterm", user.keyboard, user.screen, StandardCharsets.UTF_8)) {
                terminal.setSize(new Size(120, 40));
                return TerminalClient.interactive(
                        server.host(),
                        server.port(),
                        lang,
                        ClientOptions.defaults().withClientName(TerminalClient.CLIENT_NAME),
                        terminal);
            }
        });
    }

    private TerminalUser start(Callable<Integer> client) {
        Thread thread = new Thread(
                () -> {
                    try {
                        exit.complete(client.call());
                    } catch (Throwable e) {
                        exit.completeExceptionally(e);
                    }
                },
                "terminal-" + name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Types each line and presses Enter after it. */
    public TerminalUser type(String... lines) {
        for (String line : lines) {
            keyboard.type(line + enter);
        }
        return this;
    }

    /** Types keys without pressing Enter. */
    public TerminalUser keys(String keys) {
        keyboard.type(keys);
        return this;
    }

    /** Presses Ctrl-C, which the terminal turns into an interrupt. */
    public void ctrlC() {
        keyboard.type("\u0003");
    }

    /** Waits for {@code prompt} with nothing typed after it, then types the answer and presses Enter. */
    public void answer(String prompt, String line) {
        awaitPrompt(prompt);
        type(line);
    }

    /** The finished lines on the screen so far (the line with the cursor is not finished). */
    public List<String> lines() {
        List<String> rendered = screen.rendered();
        return rendered.subList(0, rendered.size() - 1);
    }

    /** The line the cursor is on: a prompt and what has been typed after it. */
    public String currentLine() {
        List<String> rendered = screen.rendered();
        return rendered.get(rendered.size() - 1);
    }

    /** Waits until the cursor's line reads exactly {@code text}, such as a prompt and what was typed. */
    public void awaitPrompt(String text) {
        patiently()
                .untilAsserted(() -> assertThat(currentLine())
                        .as("%s's line at the cursor; the screen:%n%s", name, String.join("\n", lines()))
                        .isEqualTo(text));
    }

    /** Waits for {@code line}, exactly, somewhere after the line last awaited. */
    public void awaitLine(String line) {
        patiently().untilAsserted(() -> {
            List<String> after = after();
            assertThat(after)
                    .as("%s's lines after line %d, waiting for [%s]", name, cursor, line)
                    .contains(line);
            cursor += after.indexOf(line) + 1;
        });
    }

    /** Waits for each line in turn. */
    public void awaitLines(String... lines) {
        for (String line : lines) {
            awaitLine(line);
        }
    }

    /** Waits for a whole line matching {@code regex} after the line last awaited, and returns its match. */
    public Matcher awaitLineMatching(String regex) {
        Pattern pattern = Pattern.compile(regex);
        Matcher[] found = new Matcher[1];
        patiently().untilAsserted(() -> {
            List<String> after = after();
            for (int i = 0; i < after.size(); i++) {
                Matcher m = pattern.matcher(after.get(i));
                if (m.matches()) {
                    found[0] = m;
                    cursor += i + 1;
                    return;
                }
            }
            throw new AssertionError(
                    String.format("%s's lines after line %d, waiting for /%s/: %s", name, cursor, regex, after));
        });
        return found[0];
    }

    /** Waits for the client to end by itself and returns its exit code. */
    public int awaitExit() throws Exception {
        try {
            return exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " did not exit; the screen:\n" + String.join("\n", screen.rendered()), e);
        }
    }

    /** Ends standard input, as closing a pipe would, and waits for the client to finish. */
    @Override
    public void close() throws Exception {
        keyboard.end();
        awaitExit();
    }

    private List<String> after() {
        List<String> all = lines();
        return all.subList(Math.min(cursor, all.size()), all.size());
    }

    private static ConditionFactory patiently() {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }
}
