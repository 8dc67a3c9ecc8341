package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.UserRecord;
import io.parley.server.store.UserStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Users as one JSON string each; SET NX makes "create unless the id is taken" one atomic command. A user's token
 * epoch and its ban have keys of their own in the same slot (absent: 0, not banned), so that logging out everywhere
 * is one INCR and a ban, a reset or a delete is one script with the epoch. A deleted user's data lives in other
 * slots and goes after its tombstone is written ({@link UserData}).
 */
final class RedisUserStore implements UserStore {
    private static final String DELETED = Documents.literal(UserRecord.DELETED_HASH);

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptCalls scripts;
    private final UserData data;

    /** @param logs the way a deleted user's inbox, read positions and memberships are removed: in order with writes */
    RedisUserStore(RedisClusterAsyncCommands<String, String> redis, ScriptCalls scripts, LogCommands logs) {
        this.redis = redis;
        this.scripts = scripts;
        this.data = new UserData(redis, scripts, logs);
    }

    @Override
    public CompletableFuture<Boolean> create(UserRecord user) {
        requireNonNull(user, "user");
        return redis.set(RedisKeys.user(user.userId()), Documents.user(user), SetArgs.Builder.nx())
                .toCompletableFuture()
                .thenCompose(reply -> {
                    if (reply == null) {
                        return CompletableFuture.completedFuture(false);
                    }
                    // Only a copied or imported user starts with an epoch or a ban; a new one needs neither key.
                    List<CompletableFuture<?>> rest = new ArrayList<>(2);
                    if (user.tokenEpoch() != 0) {
                        rest.add(redis.set(RedisKeys.tokenEpoch(user.userId()), Long.toString(user.tokenEpoch()))
                                .toCompletableFuture());
                    }
                    if (user.bannedUntil() != 0) {
                        rest.add(redis.hset(
                                        RedisKeys.ban(user.userId()),
                                        Map.of("until", Long.toString(user.bannedUntil()), "reason", user.banReason()))
                                .toCompletableFuture());
                    }
                    return CompletableFuture.allOf(rest.toArray(new CompletableFuture<?>[0]))
                            .thenApply(done -> true);
                });
    }

    @Override
    public CompletableFuture<Optional<UserRecord>> find(int userId) {
        // Three reads pipelined on the one connection, in one slot: one round trip.
        CompletableFuture<String> user = redis.get(RedisKeys.user(userId)).toCompletableFuture();
        CompletableFuture<String> epoch =
                redis.get(RedisKeys.tokenEpoch(userId)).toCompletableFuture();
        CompletableFuture<List<KeyValue<String, String>>> ban =
                redis.hmget(RedisKeys.ban(userId), "until", "reason").toCompletableFuture();
        return user.thenCombine(
                        epoch,
                        (json, e) -> Optional.ofNullable(json)
                                .map(j -> Documents.user(j, e == null ? 0 : Long.parseLong(e))))
                .thenCombine(ban, (found, b) -> found.map(u -> withBan(u, b)));
    }

    private static UserRecord withBan(UserRecord user, List<KeyValue<String, String>> ban) {
        String until = ban.get(0).getValueOrElse(null);
        if (until == null) {
            return user;
        }
        return new UserRecord(
                user.userId(),
                user.userName(),
                user.passwordHash(),
                user.createdAt(),
                user.tokenEpoch(),
                Long.parseLong(until),
                ban.get(1).getValueOrElse(""));
    }

    @Override
    public CompletableFuture<Optional<Long>> changePassword(int userId, String oldHash, String newHash) {
        requireNonNull(oldHash, "oldHash");
        checkNewHash(newHash);
        if (oldHash.equals(UserRecord.DELETED_HASH)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return scripts.<Long>run(
                        Script.CHANGE_PASSWORD,
                        ScriptOutputType.INTEGER,
                        new String[] {RedisKeys.user(userId), RedisKeys.tokenEpoch(userId)},
                        Documents.literal(oldHash),
                        Documents.literal(newHash))
                .thenApply(Optional::ofNullable);
    }

    @Override
    public CompletableFuture<Optional<Long>> ban(int userId, long until, String reason) {
        requireNonNull(reason, "reason");
        if (until <= 0) {
            throw new IllegalArgumentException("until: " + until + " (expected: > 0)");
        }
        return scripts.<Long>run(
                        Script.BAN,
                        ScriptOutputType.INTEGER,
                        new String[] {RedisKeys.user(userId), RedisKeys.tokenEpoch(userId), RedisKeys.ban(userId)},
                        Long.toString(until),
                        reason,
                        DELETED)
                .thenApply(Optional::ofNullable);
    }

    /** One DEL: a tombstone or an unknown id has no ban key, so it answers false without a script. */
    @Override
    public CompletableFuture<Boolean> unban(int userId) {
        return redis.del(RedisKeys.ban(userId)).toCompletableFuture().thenApply(removed -> removed == 1L);
    }

    @Override
    public CompletableFuture<Optional<Long>> resetPassword(int userId, String newHash) {
        checkNewHash(newHash);
        return scripts.<Long>run(
                        Script.RESET_PASSWORD,
                        ScriptOutputType.INTEGER,
                        new String[] {RedisKeys.user(userId), RedisKeys.tokenEpoch(userId)},
                        Documents.literal(newHash),
                        DELETED)
                .thenApply(Optional::ofNullable);
    }

    /**
     * The tombstone first, in one script with the epoch and the ban: from then on the id cannot log in, resume or
     * be registered. Then the user's data, in the slots of its inbox, its groups and the broadcast log. A delete
     * of a tombstone removes the data again (finding little or nothing), so a repeat finishes what a node dying in
     * between left behind.
     */
    @Override
    public CompletableFuture<Boolean> delete(int userId) {
        return scripts.<Long>run(
                        Script.DELETE_USER,
                        ScriptOutputType.INTEGER,
                        new String[] {RedisKeys.user(userId), RedisKeys.tokenEpoch(userId), RedisKeys.ban(userId)},
                        Integer.toString(userId),
                        DELETED)
                .thenCompose(epoch -> epoch == null
                        ? CompletableFuture.completedFuture(false)
                        : data.remove(userId).thenApply(removed -> epoch > 0));
    }

    /** A hash that would make a user a tombstone without deleting its data is refused. */
    private static void checkNewHash(String newHash) {
        requireNonNull(newHash, "newHash");
        if (newHash.equals(UserRecord.DELETED_HASH)) {
            throw new IllegalArgumentException("newHash: the hash of deleted users");
        }
    }
}
