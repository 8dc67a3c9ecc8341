package io.parley.server.store.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.parley.server.store.StoreOverloadedException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every command that touches message logs on its way to Redis, in the order it was made: writes to logs (appends
 * and read-position advances) several to a call of write_logs.lua, and the others (reads, joins and leaves, which
 * set and remove read positions, an inbox's removal) one command each, in their places between them.
 *
 * <p>Why writes go several to a call: entering a script costs Redis about as much as three of the commands an
 * append runs, and a command on the wire costs a node a Lettuce command, its encoding and its completion. So, as
 * a database groups its commits, at most {@link #MOST_CALLS_IN_FLIGHT} calls of writes are in flight, and the
 * writes made meanwhile go out together in the next one, up to {@link #MOST_PER_CALL}. A write made while Redis
 * has nothing of this node's to do goes out at once: nothing waits unless Redis is busy with this node's writes.
 *
 * <p>Why callers only queue, and one thread of this class hands everything to Lettuce: Lettuce writes a command
 * issued on its own I/O thread at once, and one issued on any other thread through that thread's task queue. Sent
 * from both, a call sent when a reply came back (on Lettuce's thread) overtook one a caller had just handed over,
 * and a sender's appends took seqs out of the order it made them. The other commands come the same way: a read
 * made right after a receipt could otherwise overtake the receipt while it waits for a call (a login would miss
 * its own read position), and a join made right after appends could set the new member's position below them.
 * From one thread that is never Lettuce's, commands reach the connection, and so Redis, in queue order.
 *
 * <p>Bounded as Lettuce's own queue is ({@link RedisConnections#REQUEST_QUEUE_SIZE}): past that many commands
 * waiting here, a new one is refused at once with {@link StoreOverloadedException} (503 to its client) instead of
 * the queue growing without bound while Redis is slow; and a command that waited here longer than Lettuce's
 * command timeout fails with a timeout instead of being sent, so none waits much more than twice that.
 *
 * <p>A Redis Cluster allows the keys of one slot only in a call: there each write is a call of its own, and
 * as many are in flight as are made.
 */
final class LogCommands implements AutoCloseable {
    static final int MOST_PER_CALL = 64;
    static final int MOST_CALLS_IN_FLIGHT = 2;

    /** One write's keys and arguments (see write_logs.lua), and where its two reply values go. */
    record Write(List<String> keys, List<String> args, CompletableFuture<List<Object>> reply) {}

    /** Any other command: what sends it in its turn, and where its outcome goes. */
    private record Other<T>(Supplier<? extends CompletionStage<T>> command, CompletableFuture<T> result) {
        void send() {
            Futures.relay(command.get(), result);
        }

        void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }

    private final ScriptCalls scripts;
    private final String origin;
    private final int mostPerCall;
    private final int mostCallsInFlight;
    private final int mostQueued;
    private final long timeoutNanos;
    /** The one thread that sends these commands to Lettuce; started on the first command, it stays. */
    private final ThreadPoolExecutor sender =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "parley-redis-log-commands");
                thread.setDaemon(true);
                return thread;
            });

    /** A command not sent yet, and when it was queued. */
    private record Queued(Object command, long queuedAt) {}

    /** Commands not sent yet, in call order. Guarded by this, as are the fields below. */
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();

    private int callsInFlight;
    /** True from when a drain is handed to the sender until it finds nothing it may send. */
    private boolean draining;

    private boolean closed;
    /** How many write calls went out, and how many writes they carried; tests read them. */
    private long calls;

    private long writes;

    /**
     * @param origin the announcements' prefix: this node's id, or '' when nothing is announced
     * @param grouped false in a Redis Cluster: one write to a call, with no bound on the calls in flight
     * @param mostQueued how many commands may wait to be sent; more are refused
     * @param timeout how long a command may wait to be sent; one that waited longer fails instead
     */
    LogCommands(ScriptCalls scripts, String origin, boolean grouped, int mostQueued, Duration timeout) {
        this.scripts = scripts;
        this.origin = origin;
        this.mostQueued = mostQueued;
        this.timeoutNanos = timeout.toNanos();
        this.mostPerCall = grouped ? MOST_PER_CALL : 1;
        this.mostCallsInFlight = grouped ? MOST_CALLS_IN_FLIGHT : Integer.MAX_VALUE;
    }

    /** Sends {@code write} in its turn; its reply completes with its two values, or fails with its call. */
    void write(Write write) {
        enqueue(write);
    }

    /** Sends {@code command}, one command or script call, in its turn: after every command queued before it. */
    <T> CompletableFuture<T> inTurn(Supplier<? extends CompletionStage<T>> command) {
        Other<T> other = new Other<>(command, new CompletableFuture<>());
        enqueue(other);
        return other.result();
    }

    synchronized long calls() {
        return calls;
    }

    synchronized long writes() {
        return writes;
    }

    private void enqueue(Object command) {
        RuntimeException refusal;
        synchronized (this) {
            if (closed) {
                refusal = new IllegalStateException("the Redis stores are closed");
            } else if (queued.size() >= mostQueued) {
                refusal = new StoreOverloadedException(mostQueued + " Redis commands are waiting to be sent");
            } else {
                queued.add(new Queued(command, System.nanoTime()));
                if (!drainCanSend()) {
                    return;
                }
                refusal = null;
            }
        }
        if (refusal != null) {
            // Outside the lock: the caller's callbacks run here.
            fail(command, refusal);
        } else {
            handOver();
        }
    }

    /**
     * True, and the drain marked as handed over, when the sender is idle and could send the queue's first command.
     * Under this. A write queued behind two calls in flight wakes no one: the answer to one of them will.
     */
    private boolean drainCanSend() {
        if (draining || !canSend(queued.peek())) {
            return false;
        }
        draining = true;
        return true;
    }

    /** Whether {@code next}, the queue's first command, may be sent now: a write waits while two calls are out. */
    private boolean canSend(Queued next) {
        return next != null && !(next.command() instanceof Write && callsInFlight >= mostCallsInFlight);
    }

    /**
     * On the sender: sends what may go, in queue order, until the queue is empty or waits for a call's answer.
     * Commands that waited longer than the timeout fail instead: while Redis answers nothing, the calls in flight
     * time out one by one, and without this a command queued behind many calls would wait for all of them.
     */
    private void drain() {
        while (true) {
            List<Object> expired = null;
            List<Write> batch = null;
            Other<?> other = null;
            boolean stop = false;
            synchronized (this) {
                long tooOld = System.nanoTime() - timeoutNanos;
                while (!queued.isEmpty() && queued.peek().queuedAt() - tooOld < 0) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(queued.poll().command());
                }
                Queued next = queued.peek();
                if (!canSend(next)) {
                    draining = false;
                    stop = true;
                } else if (next.command() instanceof Other<?> o) {
                    other = o;
                    queued.poll();
                } else {
                    batch = new ArrayList<>(Math.min(queued.size(), mostPerCall));
                    while (batch.size() < mostPerCall
                            && !queued.isEmpty()
                            && queued.peek().command() instanceof Write w) {
                        batch.add(w);
                        queued.poll();
                    }
                    callsInFlight++;
                    calls++;
                    writes += batch.size();
                }
            }
            if (expired != null) {
                RedisCommandTimeoutException timedOut =
                        new RedisCommandTimeoutException("waited " + timeoutNanos / 1_000_000 + " ms to be sent");
                expired.forEach(command -> fail(command, timedOut));
            }
            if (stop) {
                return;
            }
            try {
                if (other != null) {
                    other.send();
                } else {
                    call(batch);
                }
            } catch (RuntimeException e) {
                // Lettuce failed to take the command: its callers learn it, the queue goes on.
                if (other != null) {
                    other.fail(e);
                } else {
                    failBatch(batch, e);
                }
            }
        }
    }

    /** One call of write_logs.lua for {@code batch}; completes each write's reply with its values. */
    private void call(List<Write> batch) {
        List<String> keys = new ArrayList<>(batch.size() * 6);
        List<String> args = new ArrayList<>(1 + batch.size() * 9);
        args.add(origin);
        for (Write write : batch) {
            keys.addAll(write.keys());
            args.addAll(write.args());
        }
        CompletableFuture<List<Object>> replies = scripts.run(
                Script.WRITE_LOGS, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new));
        var unused = replies.whenComplete((values, error) -> {
            answered();
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<List<Object>> reply = batch.get(i).reply();
                if (error != null) {
                    reply.completeExceptionally(error);
                } else {
                    reply.complete(values.subList(2 * i, 2 * i + 2));
                }
            }
        });
    }

    private void failBatch(List<Write> batch, Throwable error) {
        answered();
        for (Write write : batch) {
            write.reply().completeExceptionally(error);
        }
    }

    /** A call of writes has its answer: the next may go, and from the sender, never from the thread here. */
    private void answered() {
        synchronized (this) {
            callsInFlight--;
            if (closed || !drainCanSend()) {
                return;
            }
        }
        handOver();
    }

    /** Wakes the sender to drain the queue; once it has stopped, the store is closed and what is queued fails. */
    private void handOver() {
        try {
            sender.execute(this::drain);
        } catch (RejectedExecutionException e) {
            close();
        }
    }

    private static void fail(Object command, Throwable error) {
        if (command instanceof Write write) {
            write.reply().completeExceptionally(error);
        } else {
            ((Other<?>) command).fail(error);
        }
    }

    /** Fails what was never sent; what is in flight is answered, or failed by the connection as it closes. */
    @Override
    public void close() {
        List<Object> unsent = new ArrayList<>();
        synchronized (this) {
            closed = true;
            queued.forEach(waiting -> unsent.add(waiting.command()));
            queued.clear();
        }
        IllegalStateException error = new IllegalStateException("the Redis stores are closed");
        unsent.forEach(command -> fail(command, error));
        sender.shutdown();
    }
}
