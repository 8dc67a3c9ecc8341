package io.parley.server.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * So on NOSCRIPT new calls queue, one behind the other, until every call in flight has been answered
 * or retried; then pipelining resumes. Nothing queues in normal operation.
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
    /** Done in normal operation; after a NOSCRIPT, the last call queued behind the recovery. Guarded by lock. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    /** One thread at most, so retries are handed to Lettuce in the order their NOSCRIPT replies came; idle, none. */
    private final ExecutorService retries =
            new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                Thread thread = new Thread(task, "parley-redis-script-retry");
                thread.setDaemon(true);
                return thread;
            });

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
            if (tail.isDone()) {
                return send(script, type, keys, args);
            }
            CompletableFuture<T> queued =
                    tail.handle((ignored, error) -> null).thenCompose(ignored -> send(script, type, keys, args));
            tail = queued;
            return queued;
        }
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
            CompletableFuture<?> previous = tail;
            tail = CompletableFuture.allOf(waitFor)
                    .handle((ignored, error) -> null)
                    .thenCompose(ignored -> previous.handle((ignoredToo, errorToo) -> null));
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
