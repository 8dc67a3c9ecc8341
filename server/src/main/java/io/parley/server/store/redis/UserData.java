package io.parley.server.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.Logs;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Removes what Redis holds of a deleted user outside its own slot: its inbox (in batches, dedup keys included),
 * its memberships with their read positions, its read position in the broadcast log and the tokens it revoked.
 * Each step is atomic in its own slot; the steps run side by side and are not atomic together.
 */
final class UserData {
    /** Inbox messages removed per script call, so that no call holds Redis for long. */
    static final int INBOX_BATCH = 1_000;

    /** Keys examined per SCAN call while looking for the user's revoked tokens. */
    private static final int SCAN_COUNT = 1_000;

    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptCalls scripts;
    private final LogCommands logs;

    UserData(RedisClusterAsyncCommands<String, String> redis, ScriptCalls scripts, LogCommands logs) {
        this.redis = redis;
        this.scripts = scripts;
        this.logs = logs;
    }

    CompletableFuture<Void> remove(int userId) {
        return CompletableFuture.allOf(
                clearInbox(Logs.inbox(userId)),
                leaveGroups(userId),
                logs.inTurn(() -> redis.hdel(RedisKeys.positions(Logs.ALL), Integer.toString(userId))),
                dropRevoked(userId, ScanCursor.INITIAL));
    }

    private CompletableFuture<Void> clearInbox(String log) {
        return logs.inTurn(() -> scripts.<Long>run(
                        Script.CLEAR_INBOX,
                        ScriptOutputType.INTEGER,
                        new String[] {
                            RedisKeys.head(log),
                            RedisKeys.messages(log),
                            RedisKeys.positions(log),
                            RedisKeys.bytes(log),
                            RedisKeys.totals(log)
                        },
                        RedisKeys.dedupPrefix(log),
                        Integer.toString(INBOX_BATCH)))
                .thenCompose(left -> left == 0 ? CompletableFuture.completedFuture(null) : clearInbox(log));
    }

    /**
     * leave.lua in each group of the user's set of groups (which lists every group the user is a member of: a
     * place in it is taken before a create or a join), then the set itself.
     */
    private CompletableFuture<Void> leaveGroups(int userId) {
        return redis.smembers(RedisKeys.groupsOf(userId)).toCompletableFuture().thenCompose(groups -> {
            List<CompletableFuture<Object>> left = new ArrayList<>(groups.size());
            for (String group : groups) {
                left.add(logs.inTurn(() -> scripts.run(
                        Script.LEAVE,
                        ScriptOutputType.VALUE,
                        RedisGroupStore.groupKeys(group),
                        Integer.toString(userId))));
            }
            return Futures.all(left)
                    .thenCompose(done -> redis.del(RedisKeys.groupsOf(userId)).toCompletableFuture())
                    .thenApply(deleted -> null);
        });
    }

    /**
     * The revoked tokens' keys are named by token id, so finding them takes a SCAN of the keyspace (every master,
     * on a Cluster): O(keys in Redis), in pages, which a rare admin command can afford.
     */
    private CompletableFuture<Void> dropRevoked(int userId, ScanCursor cursor) {
        ScanArgs args =
                ScanArgs.Builder.matches(RedisKeys.revokedToken(userId, "*")).limit(SCAN_COUNT);
        return redis.scan(cursor, args).toCompletableFuture().thenCompose((KeyScanCursor<String> page) -> {
            CompletableFuture<?> deleted = page.getKeys().isEmpty()
                    ? CompletableFuture.completedFuture(null)
                    : redis.del(page.getKeys().toArray(String[]::new)).toCompletableFuture();
            return deleted.thenCompose(
                    d -> page.isFinished() ? CompletableFuture.completedFuture(null) : dropRevoked(userId, page));
        });
    }
}
