package io.parley.client;

import io.parley.protocol.message.StatusCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Fetches a paged list reply page by page, each from where the last one ended. A server may return fewer items
 * than asked for (it cuts pages to its frame limit), so the next offset is what came back, not what was asked.
 * It stops at the total or at an empty page — a server from before paging sends all at once and a total of 0 —
 * and waits out a 429 for as long as the server says, a few times per page.
 */
final class Pages {
    /** Retries of one page refused with 429; the server's hint says how long each waits. */
    static final int RETRIES = 5;

    private Pages() {}

    /**
     * Every page, in order.
     *
     * @param fetch the page at an offset
     * @param size  how many items a page holds
     * @param total how many items there are in all, as a page says
     */
    static <P> CompletableFuture<List<P>> all(
            IntFunction<CompletableFuture<P>> fetch, ToIntFunction<P> size, ToIntFunction<P> total) {
        return from(0, new ArrayList<>(), fetch, size, total);
    }

    private static <P> CompletableFuture<List<P>> from(
            int offset,
            List<P> pages,
            IntFunction<CompletableFuture<P>> fetch,
            ToIntFunction<P> size,
            ToIntFunction<P> total) {
        return withRetries(() -> fetch.apply(offset), RETRIES).thenCompose(page -> {
            pages.add(page);
            int next = offset + size.applyAsInt(page);
            if (size.applyAsInt(page) == 0 || next >= total.applyAsInt(page)) {
                return CompletableFuture.completedFuture(pages);
            }
            return from(next, pages, fetch, size, total);
        });
    }

    private static <P> CompletableFuture<P> withRetries(Supplier<CompletableFuture<P>> request, int retries) {
        return request.get().exceptionallyCompose(error -> {
            Long wait = retries == 0 ? null : retryAfter(error);
            if (wait == null) {
                return CompletableFuture.<P>failedFuture(error);
            }
            return CompletableFuture.supplyAsync(
                            () -> null, CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> withRetries(request, retries - 1));
        });
    }

    /** The wait a 429 asks for, or null for any other failure. */
    private static Long retryAfter(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof ParleyException p && p.code() == StatusCode.TOO_MANY_REQUESTS.code()) {
            Long hint = p.error().retryAfterMs();
            return hint == null ? 1000L : Math.max(0L, hint);
        }
        return null;
    }
}
