package io.parley.server.service;

import io.parley.protocol.message.ServerMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * A {@link Link} that keeps what the service sent it, in order, and runs its work on a given executor (the
 * tests' stand-in for a connection's event loop).
 */
final class RecordingLink implements Link {
    private final String name;
    private final Executor executor;
    private final List<ServerMessage> sent = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    RecordingLink(String name, Executor executor) {
        this.name = name;
        this.executor = executor;
    }

    /** Everything sent so far, shared or not, in the order it was sent. */
    List<ServerMessage> sent() {
        return List.copyOf(sent);
    }

    boolean closed() {
        return closed;
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
    public void close() {
        closed = true;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public String describe() {
        return name;
    }
}
