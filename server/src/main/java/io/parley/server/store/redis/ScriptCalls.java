package io.parley.server.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Script}s by digest (EVALSHA) on the shared connection, and by source (EVAL) when Redis
 * answers NOSCRIPT because it lost its script cache: after a restart, a failover or SCRIPT FLUSH.
 *
 * <p>Why more than "retry with EVAL": calls are pipelined, so when the first NOSCRIPT reply arrives, later
 * calls are already on the wire and will fail too, and their retries go out one round trip later. A call
 * made in between would find the script reloaded by the first retry and run before those retries, so
 * appends would take seqs out of call order (and presence would see a disconnect before its connect).
 * So on NOSCRIPT new calls are held until every call in flight has been answered or retried; then the held
 * calls go out together, in call order, and calls made while those are on their way are held for the next
 * such batch, until a batch is answered with nothing new held. A node under load thus pays one round trip
 * per batch, never one per call: held one by one, calls arriving faster than one per round trip queued up
 * for good, and the drill saw a node's appends wait 37 s (docs/reliability.md). Nothing is held in normal
 * operation.
 *
 * <p>Retries go out from a thread of their own, never from Lettuce's. Lettuce writes a command issued on
 * its own thread at once, but one issued on another thread waits in that thread's task queue; a retry
 * written at once could reach Redis ahead of calls made earlier and still queued, reload the script for
 * them, and let them run before earlier calls whose own retries come later. Issued from another thread,
 * the retry queues behind everything handed over before it.
 *
 * <p>This keeps the order of one process's calls when it is the only one reloading scripts. Another
 * node's EVAL can reload the cache between two of this node's failed calls; that window is one round
 * trip after the cache was lost, and only the order of calls in flight right then is at risk.
 */
final class ScriptCalls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScriptCalls.class);

    private final RedisClusterAsyncCommands<String, String> redis;
    /** Calls sent and not yet finally answered, retries included. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    /** Done in normal operation; while not, new calls are held. Guarded by lock. */
    private CompletableFuture<?> gate = CompletableFuture.completedFuture(null);
    /** Calls made while the gate was closed, in call order. Guarded by lock. */
    private List<Held<?>> held = new ArrayList<>();
    /** How many batches of held calls went out, and how many calls they held; tests read them. */
    private final AtomicLong batches = new AtomicLong();

    private final AtomicLong released = new AtomicLong();
    /** One thread at most, so retries are handed to Lettuce in the order their NOSCRIPT replies came; idle, none. */
    private final ExecutorService retries =
            new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "parley-redis-script-retry");
                thread.setDaemon(true);
                return thread;
            });

    /** A call made while calls were held, and where its outcome goes. */
    private record Held<T>(Supplier<CompletableFuture<T>> call, CompletableFuture<T> result) {
        CompletableFuture<T> send() {
            CompletableFuture<T> sent = call.get();
            Futures.relay(sent, result);
            return sent;
        }
    }

    ScriptCalls(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    /**
     * Sends SCRIPT LOAD for every script without waiting: the connection runs commands in the order they
     * were sent, so every EVALSHA sent after this finds its script. If a load fails, the first use of
     * that script falls back to EVAL.
     */
    void preload() {
        for (Script script : Script.values()) {
            redis.scriptLoad(script.source()).whenComplete((sha, error) -> {
                if (error != null) {
                    // Harmless (the first call falls back to EVAL, whose own failure reaches the caller),
                    // and usual when the stores are closed right after opening.
                    log.debug("script {} not preloaded: {}", script, error.toString());
                } else if (!script.sha().equals(sha)) {
                    log.warn("Redis digest {} of script {} differs from ours, {}", sha, script, script.sha());
                }
            });
        }
    }

    /** Runs {@code script}; the keys must be exactly the keys it touches. */
    <T> CompletableFuture<T> run(Script script, ScriptOutputType type, String[] keys, String... args) {
        synchronized (lock) {
            if (gate.isDone() && held.isEmpty()) {
                return send(script, type, keys, args);
            }
            Held<T> call = new Held<>(() -> send(script, type, keys, args), new CompletableFuture<>());
            held.add(call);
            return call.result();
        }
    }

    /** How many batches of held calls have gone out since this was made. */
    long batchesReleased() {
        return batches.get();
    }

    /** How many held calls those batches carried. */
    long callsReleased() {
        return released.get();
    }

    private <T> CompletableFuture<T> send(Script script, ScriptOutputType type, String[] keys, String[] args) {
        // In flight before it is on the wire: the NOSCRIPT answer to an earlier call can be handled on Lettuce's
        // thread the moment this one is written, and the calls it holds back must wait for this one too.
        CompletableFuture<Void> answered = new CompletableFuture<>();
        inFlight.add(answered);
        CompletableFuture<T> call = redis.<T>evalsha(script.sha(), type, keys, args)
                .toCompletableFuture()
                .exceptionallyCompose(error -> {
                    if (!(unwrap(error) instanceof RedisNoScriptException)) {
                        return CompletableFuture.failedFuture(error);
                    }
                    holdNewCalls();
                    return CompletableFuture.completedFuture(null)
                            .thenComposeAsync(
                                    ignored -> redis.<T>eval(script.source(), type, keys, args)
                                            .toCompletableFuture(),
                                    retries);
                });
        // Bookkeeping only: the caller has the call itself, and its outcome. A future is its own entry in inFlight
        // (identity is the equality wanted).
        @SuppressWarnings("CollectionUndefinedEquality")
        var unused = call.whenComplete((result, error) -> {
            inFlight.remove(answered);
            answered.complete(null);
        });
        return call;
    }

    /** Makes calls from now on wait for every call in flight, including the one about to be retried. */
    private void holdNewCalls() {
        synchronized (lock) {
            CompletableFuture<?>[] waitFor = inFlight.toArray(new CompletableFuture<?>[0]);
            closeGateUntil(CompletableFuture.allOf(CompletableFuture.allOf(waitFor), gate));
        }
    }

    /** Holds new calls until {@code answered}, then sends what was held meanwhile. Under lock. */
    private void closeGateUntil(CompletableFuture<?> answered) {
        gate = answered.handle((ignored, error) -> null);
        // Off Lettuce's thread: see the class comment.
        var unused = gate.whenCompleteAsync((ignored, error) -> releaseHeld(), retries);
    }

    /**
     * Sends every held call, in call order, once nothing holds them any more; calls made from now until those are
     * answered are held for the next batch. On the retry thread.
     */
    private void releaseHeld() {
        synchronized (lock) {
            if (!gate.isDone() || held.isEmpty()) {
                return; // a later NOSCRIPT closed the gate again, or another release sent them
            }
            List<Held<?>> batch = held;
            held = new ArrayList<>();
            CompletableFuture<?>[] sent = new CompletableFuture<?>[batch.size()];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = batch.get(i).send();
            }
            batches.incrementAndGet();
            released.addAndGet(sent.length);
            closeGateUntil(CompletableFuture.allOf(sent));
        }
    }

    @Override
    public void close() {
        retries.shutdown();
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
