package io.parley.server.store.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Joining pipelined replies without blocking. */
final class Futures {
    private Futures() {}

    /** The results of {@code futures}, in their order, once all have completed; fails if any fails. */
    static <T> CompletableFuture<List<T>> all(List<CompletableFuture<T>> futures) {
        return CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> futures.stream().map(f -> f.getNow(null)).toList());
    }
}
