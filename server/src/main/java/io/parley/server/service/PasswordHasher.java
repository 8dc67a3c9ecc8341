package io.parley.server.service;

import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt through Bouncy Castle, on a small pool of its own: a hash costs milliseconds of CPU by design and
 * must never run on a network thread. The pool's queue is bounded, so a flood of logins is refused at once
 * ({@link RejectedExecutionException}) instead of making every later login wait behind it; and work whose
 * connection has gone by the time a thread is free is dropped ({@link CancellationException}) unhashed.
 */
public final class PasswordHasher implements AutoCloseable {
    /** bcrypt reads at most 72 bytes of password. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    private final ThreadPoolExecutor pool;
    private final AtomicLong computed = new AtomicLong();
    /** What an unknown user's password is checked against, so that it costs what a wrong password costs. */
    private final String dummyHash;

    /** One thread per core, and at most {@code queue} hashes waiting for one. */
    public PasswordHasher(int cost, int queue) {
        this(cost, Math.max(1, Runtime.getRuntime().availableProcessors()), queue);
    }

    PasswordHasher(int cost, int threads, int queue) {
        this.cost = cost;
        this.pool = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queue), r -> {
                    Thread t = new Thread(r, "parley-hash");
                    t.setDaemon(true);
                    return t;
                });
        this.dummyHash = OpenBSDBCrypt.generate("2b", chars(ResumeTokens.newKey()), salt(), cost);
    }

    /** A new hash of {@code password}, computed only if {@code wanted} still holds when a thread takes it. */
    public CompletableFuture<String> hash(String password, BooleanSupplier wanted) {
        byte[] salt = salt();
        return submit(wanted, () -> OpenBSDBCrypt.generate("2b", chars(password), salt, cost));
    }

    /**
     * Whether {@code password} matches {@code hash}; with a null hash (no such user) it is checked against a
     * hash of the same cost and is always wrong, in the time a wrong password takes.
     */
    public CompletableFuture<Boolean> verify(String password, String hash, BooleanSupplier wanted) {
        String against = hash == null ? dummyHash : hash;
        return submit(wanted, () -> OpenBSDBCrypt.checkPassword(against, chars(password)) && hash != null);
    }

    /** How many hashes wait for a thread. */
    public int waiting() {
        return pool.getQueue().size();
    }

    /** How many hashes and verifications have actually been computed. */
    public long computed() {
        return computed.get();
    }

    private <T> CompletableFuture<T> submit(BooleanSupplier wanted, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            pool.execute(() -> {
                if (!wanted.getAsBoolean()) {
                    result.completeExceptionally(new CancellationException("nobody is waiting for this hash"));
                    return;
                }
                try {
                    computed.incrementAndGet();
                    result.complete(work.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private byte[] salt() {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return salt;
    }

    private static char[] chars(String password) {
        // bcrypt works on bytes; Bouncy Castle encodes chars as UTF-8, so non-ASCII passwords hash consistently.
        return password.toCharArray();
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
