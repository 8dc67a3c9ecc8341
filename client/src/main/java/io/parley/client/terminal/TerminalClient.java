package io.parley.client.terminal;

import io.parley.client.ClientOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jline.terminal.Terminal;

/**
 * Parley's terminal client, called by the application's {@code client} command: either the interactive
 * menus of the seed tutorial (in English, or the seed's Chinese with {@code lang "zh"}), or the
 * line-oriented script mode described on {@link ScriptRunner}.
 */
public final class TerminalClient {
    /** The name the terminal client gives in its {@code HelloMes}. */
    public static final String CLIENT_NAME = "parley-terminal";

    private TerminalClient() {
    }

    /**
     * Runs a session to its end and returns the process exit code: 0, 1 when the server cannot be reached
     * in script mode, 2 for an unknown language.
     */
    public static int run(String host, int port, boolean script, String lang, InputStream in, PrintStream out) {
        return run(host, port, script, lang, ClientOptions.defaults().withClientName(CLIENT_NAME), in, out);
    }

    /**
     * The interactive client on a terminal the caller built and still owns, so that it can be driven through
     * a JLine terminal over streams as a person would drive it. Returns the exit code as {@code run} does.
     */
    public static int interactive(String host, int port, String lang, ClientOptions options, Terminal terminal) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(terminal, "terminal");
        Messages text;
        try {
            text = Messages.forLanguage(lang);
        } catch (IllegalArgumentException e) {
            terminal.writer().println("error usage " + e.getMessage());
            terminal.flush();
            return 2;
        }
        return Interactive.run(host, port, options, text, terminal);
    }

    /** Like {@link #run(String, int, boolean, String, InputStream, PrintStream)}, with connection options. */
    public static int run(String host, int port, boolean script, String lang, ClientOptions options,
                          InputStream in, PrintStream out) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(out, "out");
        Messages text;
        try {
            text = Messages.forLanguage(lang);
        } catch (IllegalArgumentException e) {
            out.println("error usage " + e.getMessage());
            return 2;
        }
        if (!script) {
            return Interactive.run(host, port, options, text, in, out);
        }
        // Flushed per line, so that a test reading the output through a pipe sees each event as it happens.
        try (LineOutput lines = new LineOutput(line -> {
            out.println(line);
            out.flush();
        })) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new ScriptRunner(host, port, options, lines).run(reader);
        } finally {
            out.flush();
        }
    }
}
