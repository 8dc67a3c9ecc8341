package io.parley.client.terminal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Prints lines on a thread of its own, in the order they were handed over. Incoming messages are printed
 * from the client's event loop, which must never wait for a slow terminal or a full pipe.
 */
final class LineOutput implements AutoCloseable {
    private final Consumer<String> sink;
    private final ExecutorService printer = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "parley-terminal-output");
        t.setDaemon(true);
        return t;
    });

    LineOutput(Consumer<String> sink) {
        this.sink = sink;
    }

    void println(String line) {
        if (!printer.isShutdown()) {
            printer.execute(() -> sink.accept(line));
        }
    }

    /** Prints what is queued, then stops. */
    @Override
    public void close() {
        printer.shutdown();
        try {
            printer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
