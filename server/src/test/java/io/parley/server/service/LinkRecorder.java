package io.parley.server.service;

import java.net.InetAddress;
import io.parley.protocol.message.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A {@link Link} that keeps what the service sends, with a single thread as the connection's ordered executor:
 * the service's side of a connection without a socket.
 */
final class LinkRecorder implements Link {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    @Override
    public void send(ServerMessage message) {
        sent.add(message);
    }

    @Override
    public void send(SharedMessage message) {
        sent.add(message.message());
    }

    @Override
    public void send(SharedMessage message, Runnable written) {
        sent.add(message.message());
        executor.execute(written);
    }

    @Override
    public void whenWritable(Runnable task) {
        executor.execute(task);
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public ExecutorService executor() {
        return executor;
    }

    @Override
    public InetAddress remoteAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
        return "recorder";
    }

    boolean closed() {
        return closed;
    }

    List<ServerMessage> sent() {
        return List.copyOf(sent);
    }

    /** Waits for the first message sent of {@code type} that {@code matches}, and returns it. */
    <T extends ServerMessage> T await(Class<T> type, Predicate<T> matches) {
        Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> find(type, matches) != null);
        return find(type, matches);
    }

    /** Every message of {@code type} sent so far. */
    <T extends ServerMessage> List<T> all(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private <T extends ServerMessage> T find(Class<T> type, Predicate<T> matches) {
        return all(type).stream().filter(matches).findFirst().orElse(null);
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
