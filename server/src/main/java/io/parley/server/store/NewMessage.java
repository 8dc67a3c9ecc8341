package io.parley.server.store;

import static java.util.Objects.requireNonNull;

/**
 * A chat message to append to {@code log}. {@code toUserId} is 0 unless private; {@code group} is null
 * unless a group message; {@code clientMsgId} (may be null) makes the append idempotent per sender.
 */
public record NewMessage(
        String log,
        int fromUserId,
        String fromUserName,
        int toUserId,
        String group,
        String content,
        String clientMsgId,
        long sentAt) {
    public NewMessage {
        requireNonNull(log, "log");
        requireNonNull(fromUserName, "fromUserName");
        requireNonNull(content, "content");
    }
}
