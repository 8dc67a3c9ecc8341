package io.parley.server.service;

import io.parley.protocol.message.ServerMessage;
import java.net.InetAddress;
import java.util.concurrent.Executor;

/**
 * What the service may do with a connection: send to it in order, pace sends by what the peer reads, tell it
 * how many of its requests wait on the store, tell it what the transport needs to know of the session (that it
 * logged in, that its client sends heartbeats), close it, and run work on its executor.
 *
 * <p>This is the seam between the service and a transport. Everything that depends on which client is at the
 * other end (a tutorial one or a Parley one) is decided above it: what reaches {@code send} is what leaves.
 */
public interface Link {
    /** Queues {@code message}; messages leave in the order they were sent. Safe from any thread. */
    void send(ServerMessage message);

    /**
     * Queues a message whose encoded body it keeps ({@link SharedMessage}): one shared with other recipients,
     * encoded once for all of them, or one the service encoded already to measure it.
     */
    void send(SharedMessage message);

    /**
     * Like {@link #send(SharedMessage)}, for a message that may wait a few milliseconds to leave together with
     * others to the same connection (a presence notice): it keeps its place in the order, only its leaving may be
     * put off, up to a bound the transport states.
     */
    void sendUnhurried(SharedMessage message);

    /** Like {@link #send(SharedMessage)}, then runs {@code written} on {@link #executor()} once the bytes are handed to the OS. */
    void send(SharedMessage message, Runnable written);

    /**
     * Sends a run's messages in order, as one write where the transport can (TCP: one frame after another in one
     * buffer); this default sends them one by one.
     */
    default void send(SharedRun run) {
        for (SharedMessage m : run.messages()) {
            send(m);
        }
    }

    /**
     * Runs {@code task} on {@link #executor()} once the connection can take more without its queue growing
     * (at once when it can now); call on the executor. Lets a long backlog go out at the reader's pace instead
     * of tripping the slow-consumer limit.
     */
    void whenWritable(Runnable task);

    /**
     * Whether the connection can take more now without its queue growing past its high-water mark; call on the
     * executor. The cheap test a paced sender makes before each message, falling back to {@link #whenWritable}.
     */
    boolean isWritable();

    /**
     * Counts a request of this connection that now waits on the store. Safe from any thread. With too many
     * waiting the connection stops reading further requests until enough have finished: the peer is held
     * back by TCP instead of the server queueing its work without bound.
     */
    void requestStarted();

    /** Counts one such request as finished, however it ended (done, refused, failed). Safe from any thread. */
    void requestFinished();

    /**
     * The session logged in, for good (a session never logs out but by closing): a transport that closes
     * connections which do not log in in time leaves this one alone. Called once, on the executor.
     */
    void authenticated();

    /**
     * The peer said hello, and with it promised a heartbeat at least every {@code heartbeatSeconds}: from now on
     * a transport may take its silence for a dead connection and close it. A tutorial client promises nothing
     * (it sends no heartbeat), so its link is never told this. Called at most once, on the executor.
     */
    void promisedHeartbeats();

    /** Closes after what was already sent has been written. */
    void close();

    /** The connection's own ordered executor. */
    Executor executor();

    /** The peer's address, which per-address limits count by. */
    InetAddress remoteAddress();

    /** A short description for log lines (remote address). */
    String describe();
}
