package io.parley.server.service;

import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Existence checks for message recipients without a store round trip per message: a user once found is
 * remembered (id and name only, never the hash) until its sessions are ended by the operator or the account
 * itself ({@link #forget}), which is how a deletion reaches every node. A deleted user's tombstone is found as no
 * user at all.
 *
 * <p>Only the users looked up lately are remembered ({@link #REMEMBERED_PER_GENERATION}, {@link RecentlyUsed}):
 * remembering every user ever found would make a node's memory grow with everyone who ever registered or was
 * written to, not with the users who chat. One forgotten costs a store read at its next message.
 */
final class UserDirectory {
    /** Users per generation: between 50,000 and 100,000 remembered, about 10 MB at most. */
    static final int REMEMBERED_PER_GENERATION = 50_000;

    private final UserStore users;
    private final RecentlyUsed<Integer, String> known;

    UserDirectory(UserStore users) {
        this(users, REMEMBERED_PER_GENERATION);
    }

    UserDirectory(UserStore users, int rememberedPerGeneration) {
        this.users = users;
        this.known = new RecentlyUsed<>(rememberedPerGeneration);
    }

    CompletableFuture<Optional<UserRecord>> find(int userId) {
        return users.find(userId).thenApply(found -> {
            Optional<UserRecord> user = found.filter(u -> !u.deleted());
            user.ifPresent(u -> known.put(u.userId(), u.userName()));
            return user;
        });
    }

    /** The user's display name, from memory when this node has seen the user before. */
    CompletableFuture<Optional<String>> name(int userId) {
        String known = this.known.get(userId);
        if (known != null) {
            return CompletableFuture.completedFuture(Optional.of(known));
        }
        return find(userId).thenApply(user -> user.map(UserRecord::userName));
    }

    CompletableFuture<Boolean> exists(int userId) {
        if (known.get(userId) != null) {
            return CompletableFuture.completedFuture(true);
        }
        return find(userId).thenApply(Optional::isPresent);
    }

    /** Reads the user from the store next time: it may have been deleted, or renamed. */
    void forget(int userId) {
        known.remove(userId);
    }

    CompletableFuture<Boolean> create(UserRecord user) {
        return users.create(user).thenApply(created -> {
            if (created) {
                known.put(user.userId(), user.userName());
            }
            return created;
        });
    }
}
