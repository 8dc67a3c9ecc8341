package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Users as one JSON string each; SET NX makes "create unless the id is taken" one atomic command. A user's token
 * epoch has a key of its own in the same slot (absent: 0), so that logging out everywhere is one INCR.
 */
final class RedisUserStore implements UserStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptCalls scripts;

    RedisUserStore(RedisClusterAsyncCommands<String, String> redis, ScriptCalls scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    @Override
    public CompletableFuture<Boolean> create(UserRecord user) {
        requireNonNull(user, "user");
        return redis.set(RedisKeys.user(user.userId()), Documents.user(user), SetArgs.Builder.nx())
                .toCompletableFuture()
                .thenCompose(reply -> {
                    if (reply == null || user.tokenEpoch() == 0) {
                        return CompletableFuture.completedFuture(reply != null);
                    }
                    return redis.set(RedisKeys.tokenEpoch(user.userId()), Long.toString(user.tokenEpoch()))
                            .toCompletableFuture()
                            .thenApply(ok -> true);
                });
    }

    @Override
    public CompletableFuture<Optional<UserRecord>> find(int userId) {
        // Two GETs pipelined on the one connection: one round trip.
        CompletableFuture<String> user = redis.get(RedisKeys.user(userId)).toCompletableFuture();
        CompletableFuture<String> epoch =
                redis.get(RedisKeys.tokenEpoch(userId)).toCompletableFuture();
        return user.thenCombine(
                epoch,
                (json, e) -> Optional.ofNullable(json).map(j -> Documents.user(j, e == null ? 0 : Long.parseLong(e))));
    }

    @Override
    public CompletableFuture<Optional<Long>> changePassword(int userId, String oldHash, String newHash) {
        requireNonNull(oldHash, "oldHash");
        requireNonNull(newHash, "newHash");
        return scripts.<Long>run(
                        Script.CHANGE_PASSWORD,
                        ScriptOutputType.INTEGER,
                        new String[] {RedisKeys.user(userId), RedisKeys.tokenEpoch(userId)},
                        Documents.literal(oldHash),
                        Documents.literal(newHash))
                .thenApply(Optional::ofNullable);
    }
}
