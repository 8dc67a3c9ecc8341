package io.parley.app;

import ch.qos.logback.classic.Level;
import io.parley.client.terminal.TerminalClient;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley client}: the terminal chat client, interactive or driven by a script on stdin. */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Chat from a terminal.")
final class ClientCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST:PORT", defaultValue = "localhost:8889",
            description = "Server to connect to (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--lang", defaultValue = "en", description = "Menu language: en or zh (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--script", description = "Read commands from stdin, one per line, and print results to stdout.")
    boolean script;

    @Override
    public Integer call() {
        // Log lines would land in the middle of the chat; only real problems are worth showing here.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        int port = colon < 0 ? 8889 : Integer.parseInt(address.substring(colon + 1));
        return TerminalClient.run(host, port, script, lang, System.in, System.out);
    }
}
