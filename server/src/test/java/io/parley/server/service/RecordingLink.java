package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.ServerMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
    private final InetAddress address;
    private final Executor executor;
    private final ExecutorService own;
    private final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;
    /** How many sent messages {@link #next(Class)} has handed out. */
    private int read;

    /** On a thread of its own. */
    RecordingLink() {
        this("recording link", null);
    }

    /** On a thread of its own, at {@code address}, for what is counted per remote address. */
    static RecordingLink at(String address) throws UnknownHostException {
        return new RecordingLink(address, InetAddress.getByName(address), null);
    }

    /** On {@code executor}, which must run tasks one at a time in order. */
    RecordingLink(String name, Executor executor) {
        this(name, InetAddress.getLoopbackAddress(), executor);
    }

    private RecordingLink(String name, InetAddress address, Executor executor) {
        this.name = name;
        this.address = address;
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
        return address;
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

    /** The next message sent after those {@code next} returned before, waiting for it; it must be a {@code type}. */
    synchronized <T extends ServerMessage> T next(Class<T> type) {
        Awaitility.await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> sent.size() > read);
        ServerMessage m = sent.get(read++);
        assertThat(m).as("message %d to %s", read, name).isInstanceOf(type);
        return type.cast(m);
    }

    /** Whether nothing was sent beyond what {@link #next} returned. */
    synchronized boolean nothingUnread() {
        return sent.size() == read;
    }

    /** Stops the link's own thread, if it has one; call after the test. */
    void shutdown() {
        if (own != null) {
            own.shutdownNow();
        }
    }
}
