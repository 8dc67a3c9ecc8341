package io.parley.server.store;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Message logs and per-user read positions. */
public interface MessageStore {
    /**
     * Appends {@code message} with the next seq of its log and completes only once it is durable. When
     * the same sender appended the same non-null {@code clientMsgId} to the same log before, nothing is stored
     * and the result holds the original with {@code duplicate} true. Appends to one log complete in the order
     * they were made (with one SQLite file or one Redis, appends to all logs do).
     */
    default CompletableFuture<Appended> append(NewMessage message) {
        return append(message, InboxQuota.NONE);
    }

    /**
     * Like {@link #append(NewMessage)}, but an append to an inbox log is refused, storing nothing, when the
     * messages waiting after the owner's read position would then be more than {@code quota.messages()} or
     * their bytes ({@link InboxQuota#bytesOf}) more than {@code quota.bytes()}; the result is then
     * {@link Appended#OVER_QUOTA}. Checked in the same atomic step as the append, whichever node appends. A
     * resend of a stored clientMsgId is a duplicate, never refused. Other logs ignore the quota. Messages stored
     * by versions before the quota existed count as messages but as 0 bytes.
     */
    CompletableFuture<Appended> append(NewMessage message, InboxQuota quota);

    /** Up to {@code limit} messages of {@code log} with seq greater than {@code afterSeq}, ascending. */
    CompletableFuture<List<StoredMessage>> readAfter(String log, long afterSeq, int limit);

    /** The newest {@code limit} messages with seq below {@code beforeSeq} (0: the newest), ascending. */
    CompletableFuture<List<StoredMessage>> readBefore(String log, long beforeSeq, int limit);

    /** The highest seq of {@code log}, 0 when empty. */
    CompletableFuture<Long> head(String log);

    /** How far {@code userId} has read {@code log}: the highest seq acknowledged, 0 when none. */
    CompletableFuture<Long> position(int userId, String log);

    /**
     * The {@link #position} of {@code userId} in {@code log} and the first {@code limit} messages after it, as
     * {@link #readAfter} would give them: where a login's backlog starts. A receipt made before the call is in the
     * position. A store that can read both in one step does, which is why this is not left to the caller.
     */
    default CompletableFuture<Unread> unread(int userId, String log, int limit) {
        return position(userId, log)
                .thenCompose(
                        position -> readAfter(log, position, limit).thenApply(first -> new Unread(position, first)));
    }

    /**
     * Raises the read position of {@code userId} in {@code log} to {@code seq}, or to the log's head when
     * {@code seq} is beyond it, atomically with respect to appends; never lowers it. A receipt for a log with
     * no messages stores nothing.
     */
    CompletableFuture<Void> advance(int userId, String log, long seq);
}
