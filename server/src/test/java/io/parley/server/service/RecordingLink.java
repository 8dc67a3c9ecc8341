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
 * A connection as the service sees it, with no socket: it keeps what the service sends, in order, and runs the
 * session's work on one thread of its own, as a connection's event loop would.
 */
final class RecordingLink implements Link, AutoCloseable {
    private final ExecutorService loop = Executors.newSingleThreadExecutor();
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
        loop.execute(written);
    }

    @Override
    public void whenWritable(Runnable task) {
        loop.execute(task);
    }

    @Override
    public void close() {
        closed = true;
        loop.shutdown();
    }

    @Override
    public ExecutorService executor() {
        return loop;
    }

    @Override
    public InetAddress remoteAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
        return "recording link";
    }

    boolean closed() {
        return closed;
    }

    /** Everything sent so far, in order. */
    List<ServerMessage> sent() {
        return List.copyOf(sent);
    }

    /** Waits until something sent matches, and returns the first that does. */
    <T extends ServerMessage> T await(Class<T> type, Predicate<T> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).until(
                () -> sent.stream().filter(type::isInstance).map(type::cast).filter(matching).findFirst().orElse(null),
                found -> found != null);
    }

    /** Everything of {@code type} sent so far. */
    <T extends ServerMessage> List<T> all(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
