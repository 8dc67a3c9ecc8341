package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.ServerMessage;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link Link} at a chosen remote address that records what the service sends it, on an executor of its own. */
final class AddressedLink implements Link, AutoCloseable {
    private final InetAddress address;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final BlockingQueue<ServerMessage> sent = new LinkedBlockingQueue<>();

    AddressedLink(String address) throws Exception {
        this.address = InetAddress.getByName(address);
    }

    /** The next message sent, waiting up to 10 s for it. */
    ServerMessage next() throws InterruptedException {
        ServerMessage m = sent.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("a message to %s within 10 s", address).isNotNull();
        return m;
    }

    @SuppressWarnings("unchecked")
    <T extends ServerMessage> T next(Class<T> type) throws InterruptedException {
        return (T) assertThat(next()).isInstanceOf(type).actual();
    }

    boolean nothingSent() {
        return sent.isEmpty();
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
        task.run();
    }

    @Override
    public void close() {
        executor.shutdown();
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public boolean isWritable() {
        return true;
    }

    @Override
    public void requestStarted() {
    }

    @Override
    public void requestFinished() {
    }

    @Override
    public InetAddress remoteAddress() {
        return address;
    }

    @Override
    public String describe() {
        return address.getHostAddress();
    }
}
