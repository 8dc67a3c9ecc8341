package io.parley.app.testing;

import io.lettuce.core.RedisURI;
import io.parley.app.ParleyCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import picocli.CommandLine;

/** Runs {@code parley} subcommands in this JVM as a user would from a shell, capturing what they print. */
public final class ParleyCli {
    private ParleyCli() {}

    /** What a command printed and its exit code. */
    public static final class Result {
        public final int code;
        public final String out;
        public final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ParleyCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** The first of {@code count} consecutive free loopback ports, none of them Redis' default (the machine's own Redis). */
    public static int consecutiveFreePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int base = first.getLocalPort();
                if (base + count - 1 <= 65_535
                        && (RedisURI.DEFAULT_REDIS_PORT < base || RedisURI.DEFAULT_REDIS_PORT >= base + count)
                        && restFree(base, count)) {
                    return base;
                }
            }
        }
        throw new IOException("no " + count + " consecutive free ports on loopback");
    }

    private static boolean restFree(int base, int count) {
        for (int port = base + 1; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // free
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
