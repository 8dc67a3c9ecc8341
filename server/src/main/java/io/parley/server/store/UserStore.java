package io.parley.server.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Registered users. */
public interface UserStore {
    /** Stores a new user; completes with false, storing nothing, when the id is taken. */
    CompletableFuture<Boolean> create(UserRecord user);

    CompletableFuture<Optional<UserRecord>> find(int userId);

    /**
     * The key that signs resume tokens, shared by every node on this store: the stored key, or — the first
     * time — {@code candidate}, stored and returned. Callers pass a fresh random candidate each time.
     */
    CompletableFuture<String> tokenKey(String candidate);
}
