package io.parley.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command and its subcommands. */
@Command(
        name = "parley",
        mixinStandardHelpOptions = true,
        version = "parley 1.0.0",
        description = "Instant messaging for very large numbers of users.",
        subcommands = {
            ServerCommand.class,
            ClientCommand.class,
            BenchCommand.class,
            ClusterCommand.class,
            RotateTokenKeyCommand.class,
            AdminCommand.class,
            ChaosCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ParleyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = new CommandLine(new ParleyCommand()).execute(args);
        Logging.stop();
        System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
