package io.parley.server.service;

import io.parley.protocol.message.ServerMessage;
import java.net.InetAddress;
import java.util.concurrent.Executor;

/** What the service may do with a connection: send to it in order, close it, and run work on its executor. */
public interface Link {
    /** Queues {@code message}; messages leave in the order they were sent. Safe from any thread. */
    void send(ServerMessage message);

    /** Queues a message shared with other recipients, encoded once for all of them. */
    void send(SharedMessage message);

    /** Like {@link #send(SharedMessage)}, then runs {@code written} on {@link #executor()} once the bytes are handed to the OS. */
    void send(SharedMessage message, Runnable written);

    /**
     * Runs {@code task} on {@link #executor()} once the connection can take more without its queue growing
     * (at once when it can now); call on the executor. Lets a long backlog go out at the reader's pace instead
     * of tripping the slow-consumer limit.
     */
    void whenWritable(Runnable task);

    /** Closes after what was already sent has been written. */
    void close();

    /** The connection's own ordered executor. */
    Executor executor();

    /** The peer's address, which per-address limits count by. */
    InetAddress remoteAddress();

    /** A short description for log lines (remote address). */
    String describe();
}
