package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.ResumeState;
import io.parley.server.store.SessionStore;
import io.parley.server.store.TokenKeys;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Token keys in two keys of one slot (each read and rotation is one script), revoked token ids as keys that
 * expire when the token would have, epochs beside the user's key.
 */
final class RedisSessionStore implements SessionStore {
    private static final String[] KEY_KEYS = {RedisKeys.TOKEN_KEY, RedisKeys.PREVIOUS_TOKEN_KEY};

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptCalls scripts;

    RedisSessionStore(RedisClusterAsyncCommands<String, String> redis, ScriptCalls scripts) {
        this.redis = redis;
        this.scripts = scripts;
    }

    @Override
    public CompletableFuture<TokenKeys> tokenKeys(String candidate) {
        requireNonNull(candidate, "candidate");
        return scripts.<List<Object>>run(Script.TOKEN_KEYS, ScriptOutputType.MULTI, KEY_KEYS, candidate)
                .thenApply(RedisSessionStore::keys);
    }

    @Override
    public CompletableFuture<TokenKeys> rotateTokenKey(String newKey, long rotatedAt) {
        requireNonNull(newKey, "newKey");
        return scripts.<List<Object>>run(
                        Script.ROTATE_TOKEN_KEY, ScriptOutputType.MULTI, KEY_KEYS, newKey, Long.toString(rotatedAt))
                .thenApply(RedisSessionStore::keys);
    }

    @Override
    public CompletableFuture<Optional<ResumeState>> resumeState(int userId, String tokenId) {
        requireNonNull(tokenId, "tokenId");
        // Three commands pipelined on the one connection: one round trip, all in the user key's slot.
        CompletableFuture<String> user = redis.get(RedisKeys.user(userId)).toCompletableFuture();
        CompletableFuture<String> epoch =
                redis.get(RedisKeys.tokenEpoch(userId)).toCompletableFuture();
        CompletableFuture<Long> revoked =
                redis.exists(RedisKeys.revokedToken(userId, tokenId)).toCompletableFuture();
        return user.thenCombine(
                        epoch,
                        (json, e) -> Optional.ofNullable(json)
                                .map(j -> Documents.user(j, e == null ? 0 : Long.parseLong(e)))
                                .filter(u -> !u.deleted()))
                .thenCombine(
                        revoked,
                        (found, r) ->
                                found.map(u -> new ResumeState(u.userName(), u.tokenEpoch(), r != null && r > 0)));
    }

    @Override
    public CompletableFuture<Void> revoke(int userId, String tokenId, long until) {
        requireNonNull(tokenId, "tokenId");
        // PXAT in the past stores nothing, which is right: such a token is refused for its age anyway.
        return redis.set(RedisKeys.revokedToken(userId, tokenId), "1", SetArgs.Builder.pxAt(until))
                .toCompletableFuture()
                .thenApply(ok -> null);
    }

    @Override
    public CompletableFuture<Long> bumpTokenEpoch(int userId) {
        return redis.incr(RedisKeys.tokenEpoch(userId)).toCompletableFuture();
    }

    private static TokenKeys keys(List<Object> reply) {
        String previous = (String) reply.get(1);
        return new TokenKeys(
                (String) reply.get(0), previous.isEmpty() ? null : previous, Long.parseLong((String) reply.get(2)));
    }
}
