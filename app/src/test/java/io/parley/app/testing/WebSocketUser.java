package io.parley.app.testing;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.ProtocolException;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client as a browser's script would be one, on the JDK's own client (independent of the server's
 * Netty): every text message it receives is kept, in order, and the close code and reason once the server
 * closes.
 */
public final class WebSocketUser implements WebSocket.Listener, AutoCloseable {
    private static final MessageCodec<ServerMessage, ClientMessage> CODEC = MessageCodec.client();

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private WebSocketUser(URI uri, String origin) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        this.socket = builder.connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, this)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** Opens {@code ws://host:port/ws}, with no {@code Origin} header (as a client that is not a browser). */
    public static WebSocketUser connect(String host, int port) {
        return connect(host, port, null);
    }

    /** Opens {@code ws://host:port} followed by {@code pathAndQuery}, with no {@code Origin} header. */
    public static WebSocketUser at(String host, int port, String pathAndQuery) {
        return new WebSocketUser(URI.create("ws://" + host + ":" + port + pathAndQuery), null);
    }

    /** Opens {@code ws://host:port/ws} saying it comes from a page of {@code origin}; fails if refused. */
    public static WebSocketUser connect(String host, int port, String origin) {
        return new WebSocketUser(URI.create("ws://" + host + ":" + port + "/ws"), origin);
    }

    public void send(ClientMessage message) {
        sendText(new String(CODEC.encode(message), StandardCharsets.UTF_8));
    }

    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** The next message received, decoded; it must be a {@code type}. */
    public <T extends ServerMessage> T next(Class<T> type) throws InterruptedException, ProtocolException {
        String text = texts.poll(10, TimeUnit.SECONDS);
        if (text == null) {
            throw new AssertionError("no message within 10 s (closed: " + closed.getNow("no") + ")");
        }
        ServerMessage message = CODEC.decode(text.getBytes(StandardCharsets.UTF_8));
        if (!type.isInstance(message)) {
            throw new AssertionError("expected a " + type.getSimpleName() + ", got " + text);
        }
        return type.cast(message);
    }

    /** The next message of {@code type}, skipping others (notices, say). */
    public <T extends ServerMessage> T await(Class<T> type) throws InterruptedException, ProtocolException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            String text = texts.poll(100, TimeUnit.MILLISECONDS);
            if (text != null) {
                ServerMessage message = CODEC.decode(text.getBytes(StandardCharsets.UTF_8));
                if (type.isInstance(message)) {
                    return type.cast(message);
                }
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }

    /** The close the server sent: {@code "<code> <reason>"}. */
    public String awaitClose() {
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            texts.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete("error " + error);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            var unused = socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"); // abort() follows either way
        }
        socket.abort();
    }
}
