package io.parley.client.terminal;

import io.parley.client.ClientOptions;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.jline.terminal.Terminal;

/**
 * Parley's terminal client, called by the application's {@code client} command: either the interactive
 * menus of the seed tutorial (in English, or the seed's Chinese with {@code lang "zh"}), or the
 * line-oriented script mode described on {@link ScriptRunner}. Given several servers it fails over among
 * them by itself and says so ("reconnecting...", "reconnected to host:port").
 */
public final class TerminalClient {
    /** The name the terminal client gives in its {@code HelloMes}. */
    public static final String CLIENT_NAME = "parley-terminal";

    private TerminalClient() {}

    /**
     * Runs a session to its end and returns the process exit code: 0, 1 when the server cannot be reached
     * in script mode, 2 for an unknown language.
     */
    public static int run(String host, int port, boolean script, String lang, InputStream in, PrintStream out) {
        return run(host, port, script, lang, ClientOptions.defaults().withClientName(CLIENT_NAME), in, out);
    }

    /**
     * Like {@link #run(String, int, boolean, String, InputStream, PrintStream)} with several servers: the first
     * that answers is used, and when its connection dies the client reconnects to the others by itself,
     * printing that it does.
     */
    public static int run(
            List<InetSocketAddress> servers, boolean script, String lang, InputStream in, PrintStream out) {
        return run(
                servers,
                script,
                lang,
                ClientOptions.defaults().withClientName(CLIENT_NAME).withReconnect(true),
                in,
                out);
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
        return Interactive.run(List.of(new InetSocketAddress(host, port)), options, text, terminal);
    }

    /** Like {@link #run(String, int, boolean, String, InputStream, PrintStream)}, with connection options. */
    public static int run(
            String host,
            int port,
            boolean script,
            String lang,
            ClientOptions options,
            InputStream in,
            PrintStream out) {
        Objects.requireNonNull(host, "host");
        return run(List.of(new InetSocketAddress(host, port)), script, lang, options, in, out);
    }

    /** Like {@link #run(List, boolean, String, InputStream, PrintStream)}, with connection options. */
    public static int run(
            List<InetSocketAddress> servers,
            boolean script,
            String lang,
            ClientOptions options,
            InputStream in,
            PrintStream out) {
        List<InetSocketAddress> addresses = List.copyOf(Objects.requireNonNull(servers, "servers"));
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one address)");
        }
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
            return Interactive.run(addresses, options, text, in, out);
        }
        // Flushed per line, so that a test reading the output through a pipe sees each event as it happens.
        try (LineOutput lines = new LineOutput(line -> {
            out.println(line);
            out.flush();
        })) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return new ScriptRunner(addresses, options, lines).run(reader);
        } finally {
            out.flush();
        }
    }
}
