package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.ServerMessage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A connection as the service sees it, with no socket: it keeps what the service sends, in order, and runs the
 * session's work on one ordered executor, as a connection's event loop would — a thread of its own unless the
 * test gives one.
 *
 * <p>Its peer reads everything at once, unless the link is {@link #paced}: then every message counts as unread
 * until the test calls {@link #drain()}, and with {@code highWater} unread the link is not writable, as a channel
 * is not past its write buffer's high-water mark; what waits for it to be written or writable runs at the drain.
 *
 * <p>{@link #close()} is the service asking to close the connection: nothing sent after it is recorded, as a
 * closed channel writes nothing more; a link told to {@link #endsSessionOnClose} then also ends the session, as
 * the transport does. {@link #shutdown()} ends the link's own thread after the test.
 */
final class RecordingLink implements Link {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The high-water mark of a peer that reads everything at once: the link is always writable. */
    private static final int READS_AT_ONCE = Integer.MAX_VALUE;

    private final String name;
    private final InetAddress address;
    private final Executor executor;
    private final ExecutorService own;
    private final int highWater;
    private final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
    /** The size of each {@link SharedRun} sent whole, in order. */
    final List<Integer> runs = new CopyOnWriteArrayList<>();

    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean toldAuthenticated;
    private volatile boolean toldHeartbeats;
    private final AtomicInteger mostRequests = new AtomicInteger();
    /** Completes once the service asked to close, and the session's end (if this link ends it) has run. */
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    private volatile boolean closing;
    private volatile Runnable endOfSession;
    /** How many sent messages {@link #next} has handed out. */
    private int read;
    // The peer's reading, for a paced link; guarded by pace (not by this, which next() holds while it waits).
    private final Object pace = new Object();
    private int unread;
    private int mostUnread;
    private final List<Runnable> unreadWritten = new ArrayList<>();
    private final List<Runnable> waitingForWritable = new ArrayList<>();

    /** On a thread of its own. */
    RecordingLink() {
        this("recording link", InetAddress.getLoopbackAddress(), null, READS_AT_ONCE);
    }

    /** On a thread of its own, at {@code address}, for what is counted per remote address. */
    static RecordingLink at(String address) throws UnknownHostException {
        return new RecordingLink(address, InetAddress.getByName(address), null, READS_AT_ONCE);
    }

    /** On a thread of its own, with a peer that reads only when the test says ({@link #drain()}). */
    static RecordingLink paced(int highWater) {
        return new RecordingLink("paced link", InetAddress.getLoopbackAddress(), null, highWater);
    }

    /** On {@code executor}, which must run tasks one at a time in order. */
    RecordingLink(String name, Executor executor) {
        this(name, InetAddress.getLoopbackAddress(), executor, READS_AT_ONCE);
    }

    private RecordingLink(String name, InetAddress address, Executor executor, int highWater) {
        this.name = name;
        this.address = address;
        this.highWater = highWater;
        this.own = executor == null
                ? Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                })
                : null;
        this.executor = executor == null ? own : executor;
    }

    @Override
    public void send(ServerMessage message) {
        record(message, null);
    }

    @Override
    public void send(SharedMessage message) {
        record(message.message(), null);
    }

    @Override
    public void sendUnhurried(SharedMessage message) {
        record(message.message(), null);
    }

    @Override
    public void send(SharedMessage message, Runnable written) {
        record(message.message(), written);
    }

    /** Records the run's size, then its messages one by one, as the peer reads them. */
    @Override
    public void send(SharedRun run) {
        if (closing) {
            return;
        }
        runs.add(run.messages().size());
        run.messages().forEach(this::send);
    }

    private void record(ServerMessage message, Runnable written) {
        if (closing) {
            return;
        }
        sent.add(message);
        if (highWater == READS_AT_ONCE) {
            if (written != null) {
                executor.execute(written);
            }
            return;
        }
        synchronized (pace) {
            unread++;
            mostUnread = Math.max(mostUnread, unread);
            if (written != null) {
                unreadWritten.add(written);
            }
        }
    }

    @Override
    public boolean isWritable() {
        synchronized (pace) {
            return unread < highWater || closing;
        }
    }

    @Override
    public void whenWritable(Runnable task) {
        synchronized (pace) {
            if (!isWritable()) {
                waitingForWritable.add(task);
                return;
            }
        }
        task.run();
    }

    /** The peer reads everything sent so far: the link is writable again, and what waited for that runs. */
    void drain() {
        executor.execute(() -> {
            List<Runnable> ready;
            synchronized (pace) {
                unread = 0;
                ready = new ArrayList<>(unreadWritten);
                ready.addAll(waitingForWritable);
                unreadWritten.clear();
                waitingForWritable.clear();
            }
            ready.forEach(Runnable::run);
        });
    }

    /** Whether something waits for the link to be writable; read after {@link #marker()}. */
    boolean waitingForWritable() {
        synchronized (pace) {
            return !waitingForWritable.isEmpty();
        }
    }

    /** The most messages that were unread at once. */
    int mostUnread() {
        synchronized (pace) {
            return mostUnread;
        }
    }

    /** Waits until every task queued on the executor before this call has run. */
    void marker() throws Exception {
        CompletableFuture.runAsync(() -> {}, executor).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void requestStarted() {
        mostRequests.accumulateAndGet(requests.incrementAndGet(), Math::max);
    }

    @Override
    public void requestFinished() {
        requests.decrementAndGet();
    }

    /** Requests of this connection waiting on the store now. */
    int requestsInFlight() {
        return requests.get();
    }

    /** The most requests of this connection that waited on the store at once. */
    int mostRequestsInFlight() {
        return mostRequests.get();
    }

    /** From now on, closing this link ends {@code session} in {@code service}, as the transport does. */
    void endsSessionOnClose(ChatService service, ClientSession session) {
        endOfSession = () -> service.closed(session);
    }

    @Override
    public void authenticated() {
        toldAuthenticated = true;
    }

    @Override
    public void promisedHeartbeats() {
        toldHeartbeats = true;
    }

    /** Whether the service told the link its session logged in. */
    boolean toldAuthenticated() {
        return toldAuthenticated;
    }

    /** Whether the service told the link its peer promised heartbeats. */
    boolean toldHeartbeats() {
        return toldHeartbeats;
    }

    @Override
    public void close() {
        // Again after the first time, for a session whose end was tied to this link after the service closed it.
        closing = true;
        executor.execute(() -> {
            Runnable end = endOfSession;
            if (end != null) {
                end.run();
            }
            // What waited for room to write runs, and finds the session closed.
            List<Runnable> waiting;
            synchronized (pace) {
                waiting = new ArrayList<>(waitingForWritable);
                waitingForWritable.clear();
            }
            waiting.forEach(Runnable::run);
            closed.complete(null);
        });
    }

    /** The peer goes away: the connection closes and the transport ends the session. */
    void disconnect(ChatService service, ClientSession session) {
        endsSessionOnClose(service, session);
        close();
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
        return closing;
    }

    /** Whether the connection is closed (and its session ended, if this link ends it) within the wait. */
    boolean isClosed() {
        try {
            closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
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
        Awaitility.await()
                .atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> find(type, matches) != null);
        return find(type, matches);
    }

    /** Waits until at least {@code count} messages of {@code type} were sent. */
    void awaitCount(Class<? extends ServerMessage> type, int count) {
        Awaitility.await()
                .atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> all(type).size() >= count);
    }

    private <T extends ServerMessage> T find(Class<T> type, Predicate<T> matches) {
        return all(type).stream().filter(matches).findFirst().orElse(null);
    }

    /** The next message sent after those {@code next} returned before, waiting for it; it must be a {@code type}. */
    synchronized <T extends ServerMessage> T next(Class<T> type) {
        Awaitility.await()
                .atMost(WAIT)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
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
