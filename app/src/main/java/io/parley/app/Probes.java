package io.parley.app;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** What {@code parley cluster} asks of this machine: programs on the PATH, and loopback ports. */
final class Probes {
    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    private Probes() {}

    /** The first executable named {@code program} in a folder of the PATH. */
    static Optional<Path> findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String entry : path.split(File.pathSeparator, -1)) {
            if (!entry.isEmpty()) {
                Path candidate = Path.of(entry, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** A port on 127.0.0.1 that nothing listened on a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * True when a server could listen on {@code port} of 127.0.0.1 right now. With SO_REUSEADDR, as Redis and
     * the JDK's server sockets bind: connections of a killed process that linger in TIME_WAIT do not count.
     */
    static boolean isFree(int port) {
        if (accepts(port)) {
            return false;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** True when something accepts a TCP connection on {@code port} of 127.0.0.1. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * True when a Redis on {@code port} of 127.0.0.1 answers PING with PONG; false while it is not listening
     * yet or still loading its append-only file ({@code -LOADING}).
     */
    static boolean redisPongs(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS * 4);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] expected = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
            return Arrays.equals(in.readNBytes(expected.length), expected);
        } catch (IOException notYet) {
            return false;
        }
    }
}
