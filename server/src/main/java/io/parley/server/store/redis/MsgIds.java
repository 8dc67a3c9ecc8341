package io.parley.server.store.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongFunction;

/**
 * Store-wide message ids, taken from the shared counter a block at a time.
 *
 * <p>Why blocks rather than an INCR inside write_logs.lua: in a Redis Cluster a script may only touch keys of one
 * slot, and an append's slot is its log's, never the counter's. Each process reserves {@link #BLOCK} ids with
 * one INCRBY and hands them out in call order, reserving the next block while most of the current one is left,
 * so appends never wait unless thousands are made within one round trip to Redis. Ids are unique store-wide and increase in each process's call order; a block
 * a process did not use up is skipped for good when it stops.
 *
 * <p>When no id is at hand, calls wait in order for the next block: appends leave in the order they were
 * made, which keeps one sender's messages in its order in the log. Other commands do not wait, so only then
 * can one made after an append reach Redis before it; {@link #prime()} makes sure that never happens while a
 * process starts.
 */
final class MsgIds {
    static final int BLOCK = 10_000;
    /** Reserve the next block once this few ids are left, far more than one round trip of appends. */
    static final int LOW_WATER = BLOCK * 3 / 4;

    private static final long PRIME_TIMEOUT_SECONDS = 10;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final Queue<Waiting<?>> waiting = new ArrayDeque<>();
    private long next = 1;
    /** Exclusive; next == end means no id at hand. */
    private long end = 1;
    /** The block reserved ahead, once its INCRBY has answered; 0 when none. */
    private long aheadEnd;

    private boolean reserving;

    MsgIds(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    private record Waiting<T>(LongFunction<CompletableFuture<T>> use, CompletableFuture<T> result) {
        void run(long id) {
            Futures.relay(use.apply(id), result);
        }
    }

    /** Reserves the first block, waiting for it: called once when the store opens. */
    void prime() {
        CompletableFuture<Long> first;
        synchronized (this) {
            reserving = true;
            first = redis.incrby(RedisKeys.MSG_ID, BLOCK).toCompletableFuture();
        }
        try {
            reserved(first.get(PRIME_TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reserving message ids", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reserve message ids in Redis", e);
        }
    }

    /** Runs {@code use} with a fresh id, at once when one is at hand; every call in the order they were made. */
    synchronized <T> CompletableFuture<T> withId(LongFunction<CompletableFuture<T>> use) {
        if (waiting.isEmpty() && take()) {
            return use.apply(next++);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(new Waiting<>(use, result));
        reserve();
        return result;
    }

    /** True when an id is at hand at {@code next}; reserves the next block early. */
    private boolean take() {
        if (next == end && aheadEnd != 0) {
            next = aheadEnd - BLOCK;
            end = aheadEnd;
            aheadEnd = 0;
        }
        if (end - next <= LOW_WATER && aheadEnd == 0) {
            reserve();
        }
        return next < end;
    }

    private void reserve() {
        if (reserving) {
            return;
        }
        reserving = true;
        redis.incrby(RedisKeys.MSG_ID, BLOCK).whenComplete((last, error) -> reserved(last, error));
    }

    private synchronized void reserved(Long last, Throwable error) {
        reserving = false;
        if (error != null) {
            // Redis is away: the waiting appends fail now, as any command would, and the next call tries again.
            Waiting<?> w;
            while ((w = waiting.poll()) != null) {
                w.result.completeExceptionally(error);
            }
            return;
        }
        aheadEnd = last + 1;
        while (!waiting.isEmpty() && take()) {
            waiting.poll().run(next++);
        }
        if (!waiting.isEmpty()) {
            reserve();
        }
    }
}
