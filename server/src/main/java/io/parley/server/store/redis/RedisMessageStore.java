package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.Appended;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.Logs;
import io.parley.server.store.MessageStore;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Message logs as sorted sets scored by seq, holding each message as one JSON document.
 *
 * <p>Why a sorted set rather than a list indexed by seq - 1: both read a range from either end in
 * O(log n + limit), but scores stay equal to seqs if old messages are ever trimmed, where list indexes
 * would shift; and write_logs.lua finds a duplicate's original by its seq with one ZRANGEBYSCORE. The JSON
 * includes the msgId, so no two members are equal.
 *
 * <p>Durability: an append completes when Redis has answered, which means on disk only as far as the
 * server's own persistence says (appendonly yes with appendfsync always for "acknowledged means stored";
 * everysec can lose the last second). This store does not configure the server.
 *
 * <p>Order: every command goes through {@link LogCommands} in the order it was made, down one pipelined
 * connection, and Redis answers in order, so appends complete in the order they were made and a read sees every
 * write made before it ({@link ScriptCalls} keeps this when scripts must be reloaded).
 * Lettuce re-sends commands that were unanswered when a connection dropped; an append Redis had already
 * run is then stored twice unless it carries a clientMsgId, whose dedup key turns the second into a
 * duplicate.
 */
final class RedisMessageStore implements MessageStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptCalls scripts;
    private final MsgIds ids;
    private final Announcements announcements;
    private final LogCommands commands;

    /**
     * @param announcements where to announce appended messages, or null for nowhere
     * @param commands the way every command of this store goes to Redis, in order
     */
    RedisMessageStore(
            RedisClusterAsyncCommands<String, String> redis,
            ScriptCalls scripts,
            MsgIds ids,
            Announcements announcements,
            LogCommands commands) {
        this.redis = redis;
        this.scripts = scripts;
        this.ids = ids;
        this.announcements = announcements;
        this.commands = commands;
    }

    @Override
    public CompletableFuture<Appended> append(NewMessage message, InboxQuota quota) {
        requireNonNull(message, "message");
        requireNonNull(quota, "quota");
        String log = message.log();
        boolean dedup = message.clientMsgId() != null;
        boolean inbox = Logs.isInbox(log);
        List<String> keys = new ArrayList<>(6);
        keys.add(RedisKeys.head(log));
        keys.add(RedisKeys.messages(log));
        if (dedup) {
            keys.add(RedisKeys.dedup(log, message.fromUserId(), message.clientMsgId()));
        }
        if (inbox) {
            keys.add(RedisKeys.positions(log));
            keys.add(RedisKeys.bytes(log));
            keys.add(RedisKeys.totals(log));
        }
        String body = Documents.messageBody(message);
        String channel = announcements == null ? "" : announcements.channelOf(log);
        return ids.withId(msgId -> {
            List<String> args = inbox
                    ? List.of(
                            "A",
                            body,
                            Long.toString(msgId),
                            channel,
                            dedup ? "1" : "0",
                            Integer.toString(Logs.inboxOwner(log)),
                            Integer.toString(InboxQuota.bytesOf(message.content())),
                            Long.toString(quota.messages()),
                            Long.toString(quota.bytes()))
                    : List.of("A", body, Long.toString(msgId), channel, dedup ? "1" : "0", "", "", "", "");
            CompletableFuture<List<Object>> reply = new CompletableFuture<>();
            commands.write(new LogCommands.Write(keys, args, reply));
            return reply.thenApply(values -> appended(message, msgId, values));
        });
    }

    /** How many write_logs.lua calls went out, and how many writes they carried: for tests. */
    long[] writeCalls() {
        return new long[] {commands.calls(), commands.writes()};
    }

    /**
     * What write_logs.lua answered for an append: {0, seq} for a new message, which is {@code message} with its id and seq (Redis
     * does not send back what it was given); {1, the original's JSON} for a resent one; {2, ''} when refused.
     */
    private static Appended appended(NewMessage message, long msgId, List<Object> reply) {
        long outcome = (Long) reply.get(0);
        if (outcome == 2L) {
            return Appended.OVER_QUOTA;
        }
        if (outcome == 1L) {
            return Appended.storedBefore(Documents.message((String) reply.get(1)));
        }
        return Appended.stored(new StoredMessage(
                msgId,
                message.log(),
                (Long) reply.get(1),
                message.fromUserId(),
                message.fromUserName(),
                message.toUserId(),
                message.group(),
                message.content(),
                message.clientMsgId(),
                message.sentAt()));
    }

    @Override
    public CompletableFuture<List<StoredMessage>> readAfter(String log, long afterSeq, int limit) {
        requireNonNull(log, "log");
        if (limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        Range<Long> range = Range.from(Range.Boundary.excluding(afterSeq), Range.Boundary.unbounded());
        return commands.inTurn(() -> redis.zrangebyscore(RedisKeys.messages(log), range, Limit.create(0, limit)))
                .thenApply(RedisMessageStore::decode);
    }

    @Override
    public CompletableFuture<List<StoredMessage>> readBefore(String log, long beforeSeq, int limit) {
        requireNonNull(log, "log");
        if (limit <= 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        Range<Long> range = Range.from(
                Range.Boundary.unbounded(),
                beforeSeq == 0 ? Range.Boundary.unbounded() : Range.Boundary.excluding(beforeSeq));
        return commands.inTurn(() -> redis.zrevrangebyscore(RedisKeys.messages(log), range, Limit.create(0, limit)))
                .thenApply(newestFirst -> {
                    List<StoredMessage> ascending = decode(newestFirst);
                    Collections.reverse(ascending);
                    return ascending;
                });
    }

    @Override
    public CompletableFuture<Long> head(String log) {
        requireNonNull(log, "log");
        return commands.inTurn(() -> redis.get(RedisKeys.head(log))).thenApply(RedisMessageStore::orZero);
    }

    @Override
    public CompletableFuture<Long> position(int userId, String log) {
        requireNonNull(log, "log");
        return commands.inTurn(() -> scripts.<Long>run(
                Script.POSITION,
                ScriptOutputType.INTEGER,
                new String[] {RedisKeys.positions(log), RedisKeys.head(log)},
                Integer.toString(userId)));
    }

    @Override
    public CompletableFuture<Void> advance(int userId, String log, long seq) {
        requireNonNull(log, "log");
        CompletableFuture<List<Object>> reply = new CompletableFuture<>();
        commands.write(new LogCommands.Write(
                List.of(RedisKeys.positions(log), RedisKeys.head(log)),
                List.of("P", Integer.toString(userId), Long.toString(seq)),
                reply));
        return reply.thenApply(raised -> null);
    }

    private static List<StoredMessage> decode(List<String> documents) {
        List<StoredMessage> messages = new ArrayList<>(documents.size());
        for (String json : documents) {
            messages.add(Documents.message(json));
        }
        return messages;
    }

    private static long orZero(String number) {
        return number == null ? 0 : Long.parseLong(number);
    }
}
