package io.parley.server.store.redis;

import io.lettuce.core.ScriptOutputType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes to message logs (appends and read-position advances) on their way to write_logs.lua, several to a call
 * on one Redis.
 *
 * <p>Why: entering a script costs Redis about as much as three of the commands an append runs, and a command
 * on the wire costs a node a Lettuce command, its encoding and its completion. So, as a database groups its
 * commits, at most {@value #MOST_CALLS_IN_FLIGHT} calls are in flight, and the writes made meanwhile go out
 * together in the next one, up to {@value #MOST_PER_CALL}. A write made while Redis has nothing of this node's
 * to do goes out at once: nothing waits unless Redis is busy with this node's earlier writes.
 *
 * <p>Order: writes go out in the order {@link #send} was called (appends in msgId order, which the caller keeps),
 * one sender at a time, and the script runs them in that order: a log's seqs follow its appends' call order,
 * and an advance made right after appends clamps to a head that counts them, as with one call each. The lock is
 * never held while calling {@link ScriptCalls}, whose completions may run under its own lock and come back here.
 *
 * <p>A Redis Cluster allows the keys of one slot only in a call: there each write is a call of its own, sent
 * at once.
 */
final class LogWrites {
    static final int MOST_PER_CALL = 64;
    static final int MOST_CALLS_IN_FLIGHT = 2;
    /** What a write's first argument says it is, for write_logs.lua. */
    static final String APPEND = "A";

    static final String ADVANCE = "P";

    /** One write's keys and arguments (see write_logs.lua), and where its two reply values go. */
    record Write(List<String> keys, List<String> args, CompletableFuture<List<Object>> reply) {}

    private final ScriptCalls scripts;
    private final String origin;
    private final boolean grouped;

    /** Writes not sent yet, in call order. Guarded by this, as are the fields below. */
    private final ArrayDeque<Write> queued = new ArrayDeque<>();

    private int callsInFlight;
    /** True while one thread takes and sends calls; others only queue. Guarded by this. */
    private boolean sending;

    /** How many calls went out, and how many writes they carried; tests read them. */
    private long calls;

    private long writes;

    /**
     * @param origin the announcements' prefix: this node's id, or '' when nothing is announced
     * @param grouped false in a Redis Cluster: one write to a call
     */
    LogWrites(ScriptCalls scripts, String origin, boolean grouped) {
        this.scripts = scripts;
        this.origin = origin;
        this.grouped = grouped;
    }

    /** Sends {@code write} in its turn; its reply completes with its two values, or fails with its call. */
    void send(Write write) {
        if (!grouped) {
            // The write's own reply carries the outcome.
            var unused = call(List.of(write));
            return;
        }
        synchronized (this) {
            queued.add(write);
        }
        sendWhatCanGo();
    }

    synchronized long calls() {
        return calls;
    }

    synchronized long writes() {
        return writes;
    }

    private void sendWhatCanGo() {
        while (true) {
            List<Write> batch;
            synchronized (this) {
                if (sending || queued.isEmpty() || callsInFlight >= MOST_CALLS_IN_FLIGHT) {
                    return;
                }
                sending = true;
                callsInFlight++;
                batch = new ArrayList<>(Math.min(queued.size(), MOST_PER_CALL));
                while (!queued.isEmpty() && batch.size() < MOST_PER_CALL) {
                    batch.add(queued.poll());
                }
            }
            try {
                var unused = call(batch).whenComplete((replies, error) -> {
                    synchronized (this) {
                        callsInFlight--;
                    }
                    sendWhatCanGo();
                });
            } finally {
                synchronized (this) {
                    sending = false;
                }
            }
        }
    }

    /** One call of write_logs.lua for {@code batch}; completes each write's reply with its values. */
    private CompletableFuture<List<Object>> call(List<Write> batch) {
        List<String> keys = new ArrayList<>(batch.size() * 6);
        List<String> args = new ArrayList<>(1 + batch.size() * 9);
        args.add(origin);
        for (Write write : batch) {
            keys.addAll(write.keys());
            args.addAll(write.args());
        }
        synchronized (this) {
            calls++;
            writes += batch.size();
        }
        CompletableFuture<List<Object>> replies = scripts.run(
                Script.WRITE_LOGS, ScriptOutputType.MULTI, keys.toArray(String[]::new), args.toArray(String[]::new));
        var unused = replies.whenComplete((values, error) -> {
            for (int i = 0; i < batch.size(); i++) {
                CompletableFuture<List<Object>> reply = batch.get(i).reply();
                if (error != null) {
                    reply.completeExceptionally(error);
                } else {
                    reply.complete(values.subList(2 * i, 2 * i + 2));
                }
            }
        });
        return replies;
    }
}
