package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Users as one JSON string each; SET NX makes "create unless the id is taken" one atomic command. */
final class RedisUserStore implements UserStore {
    private final RedisClusterAsyncCommands<String, String> redis;

    RedisUserStore(RedisClusterAsyncCommands<String, String> redis) {
        this.redis = redis;
    }

    @Override
    public CompletableFuture<Boolean> create(UserRecord user) {
        requireNonNull(user, "user");
        return redis.set(RedisKeys.user(user.userId()), Documents.user(user), SetArgs.Builder.nx())
                .toCompletableFuture()
                .thenApply(reply -> reply != null);
    }

    @Override
    public CompletableFuture<Optional<UserRecord>> find(int userId) {
        return redis.get(RedisKeys.user(userId)).toCompletableFuture()
                .thenApply(json -> Optional.ofNullable(json).map(Documents::user));
    }

    @Override
    public CompletableFuture<String> tokenKey(String candidate) {
        requireNonNull(candidate, "candidate");
        // SET NX then GET, pipelined on the one connection: whoever set it first wins, everyone reads the winner.
        redis.set(RedisKeys.TOKEN_KEY, candidate, SetArgs.Builder.nx());
        return redis.get(RedisKeys.TOKEN_KEY).toCompletableFuture();
    }
}
