package io.parley.server.service;

import java.net.InetAddress;
import io.parley.protocol.message.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection for service tests: records what is sent, in order, on its own single-thread executor, and plays
 * a peer whose reading the test controls. Every message sent counts as unread until the test calls
 * {@link #drain()}; with {@code highWater} unread the link is not writable, as a channel is not past its
 * write buffer's high-water mark. It also counts the requests it is told wait on the store.
 */
final class PacedLink implements Link {
    private final int highWater;
    private final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private volatile Thread executorThread;
    // The fields below are touched on the executor only, but read by the test after a marker task.
    private volatile int unread;
    private volatile int mostUnread;
    private volatile int waitingTasks;
    private final List<Runnable> waitingForWritable = new ArrayList<>();
    private final List<Runnable> writtenCallbacks = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger mostRequests = new AtomicInteger();
    private volatile boolean closed;

    PacedLink(int highWater) {
        this.highWater = highWater;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "recording-link");
            t.setDaemon(true);
            executorThread = t;
            return t;
        });
    }

    /** A peer that reads everything at once: never unwritable. */
    static PacedLink readingEverything() {
        return new PacedLink(Integer.MAX_VALUE);
    }

    @Override
    public void send(ServerMessage message) {
        onExecutor(() -> record(message, null));
    }

    @Override
    public void send(SharedMessage message) {
        onExecutor(() -> record(message.message(), null));
    }

    @Override
    public void send(SharedMessage message, Runnable written) {
        onExecutor(() -> record(message.message(), written));
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // only the executor writes these counts
    private void record(ServerMessage message, Runnable written) {
        if (closed) {
            return;
        }
        sent.add(message);
        unread++;
        mostUnread = Math.max(mostUnread, unread);
        if (written != null) {
            writtenCallbacks.add(written);
        }
    }

    @Override
    public boolean isWritable() {
        return unread < highWater || closed;
    }

    @Override
    public void whenWritable(Runnable task) {
        if (isWritable()) {
            task.run();
        } else {
            waitingForWritable.add(task);
            waitingTasks = waitingForWritable.size();
        }
    }

    /** The peer reads everything sent so far: the link is writable again and what waited for that runs. */
    void drain() {
        onExecutor(() -> {
            unread = 0;
            runAll(writtenCallbacks);
            runAll(waitingForWritable);
            waitingTasks = waitingForWritable.size(); // what ran may have waited again
        });
    }

    private static void runAll(List<Runnable> tasks) {
        List<Runnable> ready = new ArrayList<>(tasks);
        tasks.clear();
        ready.forEach(Runnable::run);
    }

    /** Whether something waits for the link to be writable; read after {@link #marker()}. */
    boolean waitingForWritable() {
        return waitingTasks > 0;
    }

    /** Waits until every task queued on the executor before this call has run. */
    void marker() throws Exception {
        executor.submit(() -> { }).get(10, TimeUnit.SECONDS);
    }

    /** The most messages that were unread at once. */
    int mostUnread() {
        return mostUnread;
    }

    List<ServerMessage> sent() {
        return List.copyOf(sent);
    }

    <T extends ServerMessage> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
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

    int mostRequestsInFlight() {
        return mostRequests.get();
    }

    /** Whether the service asked to close this connection. */
    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    /**
     * What the transport does when the connection is gone: tells the service, and lets whatever waited for
     * room to write run and find the session closed.
     */
    void disconnect(ChatService service, ClientSession session) {
        onExecutor(() -> {
            closed = true;
            service.closed(session);
            runAll(waitingForWritable);
            waitingTasks = waitingForWritable.size(); // what ran may have waited again
        });
    }

    @Override
    public ExecutorService executor() {
        return executor;
    }

    private void onExecutor(Runnable task) {
        if (Thread.currentThread() == executorThread) {
            task.run();
        } else {
            executor.execute(task);
        }
    }

    @Override
    public InetAddress remoteAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
        return "recording link";
    }

    /** Stops the executor; call after the test. */
    void shutdown() {
        executor.shutdownNow();
    }
}
