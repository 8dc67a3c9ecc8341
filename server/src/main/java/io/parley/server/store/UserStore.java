package io.parley.server.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Registered users. */
public interface UserStore {
    /** Stores a new user; completes with false, storing nothing, when the id is taken. */
    CompletableFuture<Boolean> create(UserRecord user);

    CompletableFuture<Optional<UserRecord>> find(int userId);

    /**
     * Replaces the user's password hash with {@code newHash} and raises its token epoch by one, in one step, if
     * the stored hash is still {@code oldHash}. Returns the new epoch; empty (changing nothing) when the user does
     * not exist or its hash is no longer {@code oldHash} (another change came first).
     */
    CompletableFuture<Optional<Long>> changePassword(int userId, String oldHash, String newHash);
}
