package io.parley.server;

import io.parley.server.service.ChatService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks for a rotated token key every {@code keyCheckSeconds}, on a thread of its own: the rotation is written to
 * the store by whoever rotates (the {@code rotate-token-key} command, another process), so nodes have to ask.
 * Polling rather than pub/sub keeps it the same for SQLite and Redis; a minute's delay is well inside the grace
 * period during which tokens signed by the previous key stay valid.
 */
final class TokenKeyCheck implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "parley-token-key-check");
        thread.setDaemon(true);
        return thread;
    });

    TokenKeyCheck(ChatService service, int periodSeconds) {
        // The check only hands a read to the store; its future completes on the store's thread. It never fails
        // (it logs a failed read), so the schedule has nothing to report, and close() ends it.
        var unused = timer.scheduleWithFixedDelay(
                () -> service.checkTokenKeys().join(), periodSeconds, periodSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
