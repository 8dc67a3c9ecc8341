package io.parley.app;

import ch.qos.logback.classic.Level;
import io.parley.client.ClientOptions;
import io.parley.client.ClientTls;
import io.parley.client.terminal.TerminalClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley client}: the terminal chat client, interactive or driven by a script on stdin. It reconnects
 * by itself when its server goes away, to the next of the servers it was given.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Chat from a terminal.")
final class ClientCommand implements Callable<Integer> {
    static final String DEFAULT_SERVER = "localhost:8889";
    private static final int DEFAULT_PORT = 8889;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "HOST:PORT",
            description = "Server to connect to (default: " + DEFAULT_SERVER + " unless --servers is given).")
    String address;

    @Option(
            names = "--servers",
            split = ",",
            paramLabel = "HOST:PORT",
            description = "More servers of the same cluster, comma-separated: the client connects to the first that "
                    + "answers (after HOST:PORT, if given) and fails over to the next when its server goes away.")
    List<String> servers = new ArrayList<>();

    @Option(names = "--lang", defaultValue = "en", description = "Menu language: en or zh (default: ${DEFAULT-VALUE}).")
    String lang;

    @Option(names = "--script", description = "Read commands from stdin, one per line, and print results to stdout.")
    boolean script;

    @Option(
            names = "--tls",
            description = "Connect with TLS, to the server's TLS port (its --tls-port); the "
                    + "server's certificate must name the host dialled.")
    boolean tls;

    @Option(
            names = "--trust",
            paramLabel = "CERT.pem",
            description = "With --tls (implied): trust the certificates "
                    + "in this PEM file, e.g. a self-signed server certificate, instead of the system trust store.")
    Path trust;

    @Override
    public Integer call() {
        // Log lines would land in the middle of the chat; only real problems are worth showing here.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
        List<String> targets = new ArrayList<>();
        if (address != null) {
            targets.add(address);
        }
        targets.addAll(servers);
        if (targets.isEmpty()) {
            targets.add(DEFAULT_SERVER);
        }
        ClientOptions options = ClientOptions.defaults()
                .withClientName(TerminalClient.CLIENT_NAME)
                .withReconnect(true);
        try {
            options = options.withTls(tls(tls, trust));
        } catch (IllegalArgumentException e) {
            System.err.println("parley client: " + e.getMessage());
            return 2;
        }
        return TerminalClient.run(
                targets.stream().map(ClientCommand::parse).toList(), script, lang, options, System.in, System.out);
    }

    /** The TLS the flags ask for: none, the system trust store, or the certificates of a PEM file. */
    static ClientTls tls(boolean tls, Path trust) {
        if (trust != null) {
            return ClientTls.trusting(trust);
        }
        return tls ? ClientTls.systemTrust() : null;
    }

    /** {@code host:port}, or a bare host on the default port. */
    static InetSocketAddress parse(String hostPort) {
        String s = hostPort.strip();
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? s : s.substring(0, colon);
        int port = colon < 0 ? DEFAULT_PORT : Integer.parseInt(s.substring(colon + 1));
        return new InetSocketAddress(host, port);
    }
}
