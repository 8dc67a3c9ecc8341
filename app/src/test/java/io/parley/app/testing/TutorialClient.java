package io.parley.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Speaks the wire exactly as the tutorial's Go client does, with a plain socket and no Parley code: the
 * header and the body in two separate writes, and frames read back as raw JSON. Used to prove that a
 * client written for the tutorial works against Parley unchanged.
 */
public final class TutorialClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tutorial client reads each frame into a buffer of this many bytes. */
    public static final int LEGACY_MAX_BODY = 8096;
    /** The only types a tutorial client understands. */
    public static final Set<String> SEED_TYPES =
            Set.of("RegisterMes", "RegisterResMes", "LoginMes", "LoginResMes", "NotifyUserStatusMes", "SmsMes");

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** Whether this connection said hello; until then it holds the server to the tutorial client's limits. */
    private boolean extended;

    public TutorialClient(String host, int port) throws IOException {
        this(host, port, 0);
    }

    /**
     * A connection whose socket receive buffer is asked to be {@code receiveBufferBytes} (0: the system's
     * default). Set before connecting, since the TCP window is agreed then: a small one lets a client that
     * stops reading back up the server after kilobytes instead of megabytes.
     */
    public TutorialClient(String host, int port, int receiveBufferBytes) throws IOException {
        this(host, port, receiveBufferBytes, null);
    }

    /**
     * A connection from {@code localAddress} (any of 127/8 is loopback here), so that a test can act as
     * another remote address than its neighbours'.
     */
    public static TutorialClient from(String localAddress, String host, int port) throws IOException {
        return new TutorialClient(host, port, 0, localAddress);
    }

    private TutorialClient(String host, int port, int receiveBufferBytes, String localAddress) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A frame as received: its type, its decoded data object, and the body's size in bytes. */
    public record Frame(String type, JsonNode data, int bodyLength, String body) {}

    /** Sends {@code {"type":type,"data":"<data as a JSON string>"}} in two writes, as the Go client does. */
    public void send(String type, String dataJson) throws IOException {
        String envelope = JSON.writeValueAsString(
                JSON.createObjectNode().put("type", type).put("data", dataJson));
        sendRaw(envelope.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends an arbitrary body with a correct length header. */
    public void sendRaw(byte[] body) throws IOException {
        out.write(ByteBuffer.allocate(4).putInt(body.length).array());
        out.flush();
        out.write(body);
        out.flush();
    }

    /** Writes raw bytes with no framing at all. */
    public void writeBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void register(int id, String password, String name) throws IOException {
        send(
                "RegisterMes",
                "{\"user\":{\"userId\":" + id + ",\"userPwd\":\"" + password + "\",\"userName\":\"" + name
                        + "\",\"userStatus\":0,\"sex\":\"\"}}");
    }

    public void login(int id, String password) throws IOException {
        send("LoginMes", "{\"userId\":" + id + ",\"userPwd\":\"" + password + "\",\"userName\":\"\"}");
    }

    public void say(String content) throws IOException {
        send(
                "SmsMes",
                JSON.writeValueAsString(JSON.createObjectNode()
                        .put("content", content)
                        .put("userId", 0)
                        .put("userPwd", "")
                        .put("userName", "")
                        .put("userStatus", 0)
                        .put("sex", "")));
    }

    /**
     * Reads one frame; fails on timeout or EOF. On a connection that did not say hello it also fails, as the
     * tutorial's client would, on a body over 8096 bytes or a type outside the six seed types.
     */
    public Frame read() throws IOException {
        long length = Integer.toUnsignedLong(in.readInt());
        if (length > 16 * 1024 * 1024) {
            throw new IOException("implausible frame length " + length);
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        String text = new String(body, StandardCharsets.UTF_8);
        if (!extended && body.length > LEGACY_MAX_BODY) {
            throw new IOException("a " + body.length + "-byte frame would overflow the tutorial client's "
                    + LEGACY_MAX_BODY + "-byte buffer: " + text.substring(0, 200));
        }
        JsonNode envelope = JSON.readTree(text);
        JsonNode data = envelope.get("data");
        JsonNode inner = data != null && data.isTextual() ? JSON.readTree(data.asText()) : data;
        Frame frame = new Frame(envelope.path("type").asText(), inner, body.length, text);
        if (!extended && !SEED_TYPES.contains(frame.type())) {
            throw new IOException("a tutorial connection received a non-seed frame: " + text);
        }
        return frame;
    }

    /**
     * Opts this connection into Parley's extensions ({@code HelloMes} as its first frame) and returns the
     * server's {@code HelloResMes}, so that tests can check the exact shape of extension frames too.
     */
    public Frame hello() throws IOException {
        Frame reply = sendHello();
        if (!reply.type().equals("HelloResMes")) {
            throw new IOException("expected HelloResMes, got " + reply.body());
        }
        return reply;
    }

    /** Sends {@code HelloMes}, opting in to the extensions, and returns the server's reply whatever it is. */
    public Frame sendHello() throws IOException {
        extended = true;
        send("HelloMes", "{\"version\":2,\"client\":\"test\"}");
        return read();
    }

    /** Reads frames until one matching {@code wanted} arrives, returning it; fails on timeout or EOF. */
    public Frame readUntil(Predicate<Frame> wanted) throws IOException {
        while (true) {
            Frame f = read();
            if (wanted.test(f)) {
                return f;
            }
        }
    }

    /**
     * Reads every frame until the server closes the connection and returns them; fails if the connection is
     * still open after the socket timeout. A reset counts as a close.
     */
    public List<Frame> readUntilClosed() throws IOException {
        List<Frame> frames = new ArrayList<>();
        try {
            while (true) {
                frames.add(read());
            }
        } catch (EOFException e) {
            return frames;
        } catch (SocketTimeoutException e) {
            throw new IOException("the server did not close the connection; received " + frames, e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("reset")) {
                return frames;
            }
            throw e;
        }
    }

    /** Half-closes: the server sees EOF, while this side can still read what it sends back. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Reads frames until one of {@code type} arrives, returning it. */
    public Frame readUntil(String type) throws IOException {
        while (true) {
            Frame f = read();
            if (f.type().equals(type)) {
                return f;
            }
        }
    }

    /** True when the server closed the connection (EOF) within the socket timeout. */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                read();
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** True when the server closes the connection within {@code millis}. */
    public boolean closedWithin(int millis) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return closedByServer();
        } finally {
            socket.setSoTimeout(old);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
