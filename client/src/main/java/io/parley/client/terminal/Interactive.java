package io.parley.client.terminal;

import static io.parley.client.terminal.Text.*;

import io.parley.client.ClientOptions;
import io.parley.client.LoginResult;
import io.parley.client.ParleyClient;
import io.parley.client.terminal.Console.ActionFailed;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.StatusCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * The interactive client: the seed's main menu (log in, register, exit), then {@link SessionMenu}. The
 * connection opens once the user has typed id and password, and closes again whenever the main menu is
 * shown (after a register, a refused login, a logout): the server closes a connection that has not logged
 * in within seconds of connecting, and a person reading the menu takes longer than that. With reconnecting
 * on, a lost connection of a logged-in session is reopened by the client itself and the session goes on.
 */
final class Interactive {
    private final List<InetSocketAddress> servers;
    private final Console console;
    private final ConsolePrinter printer;
    private final ParleyClient client;

    private Interactive(List<InetSocketAddress> servers, Console console, ConsolePrinter printer, ParleyClient client) {
        this.servers = servers;
        this.console = console;
        this.printer = printer;
        this.client = client;
    }

    static int run(
            List<InetSocketAddress> servers, ClientOptions options, Messages text, InputStream in, PrintStream out) {
        try (Terminal terminal = open(in, out)) {
            return run(servers, options, text, terminal);
        } catch (IOException e) {
            out.println(text.get(CONNECT_FAILED, e.getMessage()));
            return 1;
        }
    }

    /** Runs the menus on {@code terminal}, which stays open. */
    static int run(List<InetSocketAddress> servers, ClientOptions options, Messages text, Terminal terminal) {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
        long waitMillis = 2
                * (options.connectTimeout().toMillis()
                        + options.requestTimeout().toMillis());
        try (LineOutput screen = new LineOutput(reader::printAbove)) {
            ConsolePrinter printer = new ConsolePrinter(text, screen);
            ParleyClient client = new ParleyClient(options, printer);
            return new Interactive(servers, new Console(reader, text, waitMillis), printer, client).run();
        }
    }

    /** The process's own terminal when given the process's streams, otherwise a plain one over the streams. */
    private static Terminal open(InputStream in, PrintStream out) throws IOException {
        if (in == System.in && out == System.out) {
            return TerminalBuilder.builder().system(true).dumb(true).build();
        }
        // A dumb terminal reads and writes the streams directly; a built one would pump them through a pty.
        return new DumbTerminal("parley", Terminal.TYPE_DUMB, in, out, StandardCharsets.UTF_8);
    }

    private int run() {
        try {
            while (true) {
                hangUp();
                console.menu(WELCOME, MAIN_LOGIN, MAIN_REGISTER, MAIN_EXIT);
                switch (console.read(MAIN_CHOOSE).strip()) {
                    case "1" -> {
                        if (login() && new SessionMenu(console, client, printer).run() == SessionMenu.End.QUIT) {
                            console.say(BYE);
                            return 0;
                        }
                    }
                    case "2" -> register();
                    case "3" -> {
                        console.say(BYE);
                        return 0;
                    }
                    default -> console.say(BAD_CHOICE);
                }
            }
        } catch (EndOfFileException | UserInterruptException e) {
            return 0;
        } finally {
            printer.expectClose(true);
            client.close()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }

    private boolean login() {
        try {
            int id = console.readId(console.read(ASK_ID));
            String password = console.readSecret(ASK_PASSWORD);
            connected();
            printer.hold();
            LoginResult result = console.call(() -> client.login(id, password));
            if (!result.ok()) {
                console.say(REFUSED, result.code(), result.error());
                return false;
            }
            console.say(LOGGED_IN, result.userName() == null ? String.valueOf(id) : result.userName(), id);
            return true;
        } catch (ActionFailed told) {
            return false;
        } finally {
            printer.release();
        }
    }

    private void register() {
        try {
            int id = console.readId(console.read(ASK_ID));
            String password = console.readSecret(ASK_PASSWORD);
            String name = console.read(ASK_NAME).strip();
            connected();
            RegisterResMes result = console.call(() -> client.register(id, password, name));
            if (result.code() == StatusCode.OK.code()) {
                console.say(REGISTERED, id);
            } else {
                console.say(REFUSED, result.code(), result.error());
            }
        } catch (ActionFailed told) {
            // The user has been told; back to the menu.
        }
    }

    /** Closes a connection that is not logged in, quietly, before the user is left to read a menu. */
    private void hangUp() {
        if (client.isConnected() || client.isReconnecting()) {
            printer.expectClose(true);
            client.close()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }

    private void connected() {
        if (!client.isConnected() && !client.isReconnecting()) {
            printer.expectClose(false);
            console.call(() -> client.connect(servers));
        }
    }
}
