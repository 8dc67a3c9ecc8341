package io.parley.server.service;

import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt through Bouncy Castle, on a small pool of its own: a hash costs milliseconds of CPU by design and
 * must never run on a network thread.
 */
public final class PasswordHasher implements AutoCloseable {
    /** bcrypt reads at most 72 bytes of password. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final int cost;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService pool;

    public PasswordHasher(int cost) {
        this.cost = cost;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "parley-hash");
            t.setDaemon(true);
            return t;
        });
    }

    public CompletableFuture<String> hash(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return CompletableFuture.supplyAsync(() -> OpenBSDBCrypt.generate("2b", chars(password), salt, cost), pool);
    }

    public CompletableFuture<Boolean> verify(String password, String hash) {
        return CompletableFuture.supplyAsync(() -> OpenBSDBCrypt.checkPassword(hash, chars(password)), pool);
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
