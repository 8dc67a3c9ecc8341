package io.parley.server.service;

import io.parley.protocol.message.ServerMessage;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A connection as the service sees it, with no socket: it keeps what the service sends, in order, and runs the
 * session's work on one ordered executor, as a connection's event loop would — a thread of its own unless the
 * test gives one. {@link #close()} is the service asking to close the connection; {@link #shutdown()} ends the
 * link's own thread after the test.
 */
final class RecordingLink implements Link {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String name;
    private final Executor executor;
    private final ExecutorService own;
    private final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    /** On a thread of its own. */
    RecordingLink() {
        this("recording link", null);
    }

    /** On {@code executor}, which must run tasks one at a time in order. */
    RecordingLink(String name, Executor executor) {
        this.name = name;
        this.own = executor == null ? Executors.newSingleThreadExecutor() : null;
        this.executor = executor == null ? own : executor;
    }

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
    public boolean isWritable() {
        return true;
    }

    @Override
    public void requestStarted() {
        requests.incrementAndGet();
    }

    @Override
    public void requestFinished() {
        requests.decrementAndGet();
    }

    /** Requests of this connection waiting on the store now. */
    int requestsInFlight() {
        return requests.get();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public InetAddress remoteAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
        return name;
    }

    /** Whether the service asked to close this connection. */
    boolean closed() {
        return closed;
    }

    /** Everything sent so far, shared or not, in the order it was sent. */
    List<ServerMessage> sent() {
        return List.copyOf(sent);
    }

    /** Every message of {@code type} sent so far. */
    <T extends ServerMessage> List<T> all(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Waits for the first message sent of {@code type} that {@code matches}, and returns it. */
    <T extends ServerMessage> T await(Class<T> type, Predicate<T> matches) {
        Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> find(type, matches) != null);
        return find(type, matches);
    }

    private <T extends ServerMessage> T find(Class<T> type, Predicate<T> matches) {
        return all(type).stream().filter(matches).findFirst().orElse(null);
    }

    /** Stops the link's own thread, if it has one; call after the test. */
    void shutdown() {
        if (own != null) {
            own.shutdownNow();
        }
    }
}
