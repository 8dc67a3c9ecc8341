package io.parley.server.store.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the Redis protocol for the test harness to ping, flush and poke a server without a
 * client library, so that it works even while the Lettuce connection under test is broken.
 */
final class Resp {
    private Resp() {}

    /** One command on a fresh loopback connection; see {@link RedisServerProcess#call(String...)}. */
    static String call(int port, String... command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(encode(command));
            out.flush();
            return readReply(new BufferedInputStream(socket.getInputStream()), String.join(" ", command));
        }
    }

    private static byte[] encode(String... command) {
        StringBuilder resp = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            resp.append('$')
                    .append(part.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        return resp.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readReply(InputStream in, String command) throws IOException {
        String line = readLine(in);
        if (line.isEmpty()) {
            throw new IOException("empty reply to " + command);
        }
        String rest = line.substring(1);
        switch (line.charAt(0)) {
            case '+', ':' -> {
                return rest;
            }
            case '-' -> throw new IOException("Redis answered " + command + " with " + rest);
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(length + 2);
                return new String(body, 0, length, StandardCharsets.UTF_8);
            }
            default -> throw new IOException("unsupported reply to " + command + ": " + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("connection closed mid-reply");
    }
}
