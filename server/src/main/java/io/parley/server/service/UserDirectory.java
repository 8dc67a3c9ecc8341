package io.parley.server.service;

import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Existence checks for message recipients without a store round trip per message: users are never deleted,
 * so a user once found is remembered (id and name only, never the hash).
 */
final class UserDirectory {
    private final UserStore users;
    private final ConcurrentMap<Integer, String> known = new ConcurrentHashMap<>();

    UserDirectory(UserStore users) {
        this.users = users;
    }

    CompletableFuture<Optional<UserRecord>> find(int userId) {
        return users.find(userId).thenApply(user -> {
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
        if (known.containsKey(userId)) {
            return CompletableFuture.completedFuture(true);
        }
        return find(userId).thenApply(Optional::isPresent);
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
