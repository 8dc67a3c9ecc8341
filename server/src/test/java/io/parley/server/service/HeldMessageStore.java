package io.parley.server.service;

import io.parley.server.store.Appended;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.MessageStore;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoredMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A real message store whose work the test can hold back, as a store with a busy writer does: while held,
 * appends, reads and receipts wait; released, they run on the real store; refused, they fail without running.
 * Holding only the reads lets messages be stored and pushed live while a replay or a gap fill waits for its read.
 */
final class HeldMessageStore implements MessageStore {
    private final MessageStore real;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);
    private volatile CompletableFuture<Void> readGate = CompletableFuture.completedFuture(null);

    HeldMessageStore(MessageStore real) {
        this.real = real;
    }

    /** From now on, work waits for {@link #release} or {@link #refuse}. */
    void hold() {
        gate = new CompletableFuture<>();
    }

    /** From now on, reads (read positions too) wait for {@link #release}; appends and receipts run at once. */
    void holdReads() {
        readGate = new CompletableFuture<>();
    }

    /**
     * From now on, reads (read positions too) fail at once with {@code error}, as when the store is away, until
     * {@link #release}; appends and receipts run.
     */
    void failReads(RuntimeException error) {
        readGate = CompletableFuture.failedFuture(error);
    }

    /** The waiting work runs, and new work runs at once. */
    void release() {
        CompletableFuture<Void> held = gate;
        CompletableFuture<Void> heldReads = readGate;
        gate = CompletableFuture.completedFuture(null);
        readGate = CompletableFuture.completedFuture(null);
        held.complete(null);
        heldReads.complete(null);
    }

    /** The waiting work fails with {@code error} without running; new work runs at once. */
    void refuse(RuntimeException error) {
        CompletableFuture<Void> held = gate;
        CompletableFuture<Void> heldReads = readGate;
        gate = CompletableFuture.completedFuture(null);
        readGate = CompletableFuture.completedFuture(null);
        held.completeExceptionally(error);
        heldReads.completeExceptionally(error);
    }

    private <T> CompletableFuture<T> gated(Supplier<CompletableFuture<T>> work) {
        return gate.thenCompose(open -> work.get());
    }

    private <T> CompletableFuture<T> gatedRead(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<Void> reads = readGate;
        return gate.thenCompose(open -> reads).thenCompose(open -> work.get());
    }

    @Override
    public CompletableFuture<Appended> append(NewMessage message, InboxQuota quota) {
        return gated(() -> real.append(message, quota));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> readAfter(String log, long afterSeq, int limit) {
        return gatedRead(() -> real.readAfter(log, afterSeq, limit));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> readBefore(String log, long beforeSeq, int limit) {
        return gatedRead(() -> real.readBefore(log, beforeSeq, limit));
    }

    @Override
    public CompletableFuture<Long> head(String log) {
        return real.head(log);
    }

    @Override
    public CompletableFuture<Long> position(int userId, String log) {
        return readGate.thenCompose(open -> real.position(userId, log));
    }

    @Override
    public CompletableFuture<Void> advance(int userId, String log, long seq) {
        return gated(() -> real.advance(userId, log, seq));
    }
}
