package io.parley.server.store.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Joining pipelined replies without blocking, and handing one future's outcome on to another. */
final class Futures {
    private Futures() {}

    /** The results of {@code futures}, in their order, once all have completed; fails if any fails. */
    static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> futures.stream().map(f -> f.getNow(null)).toList());
    }

    /**
     * Completes {@code target}, a future a caller already has, as {@code source} completes: for commands sent
     * later than they were asked for (queued, held, or waiting for an id).
     */
    static <T> void relay(CompletionStage<? extends T> source, CompletableFuture<T> target) {
        var unused = source.whenComplete((value, error) -> {
            if (error != null) {
                target.completeExceptionally(error);
            } else {
                target.complete(value);
            }
        });
    }
}
