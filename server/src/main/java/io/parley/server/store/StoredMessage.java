package io.parley.server.store;

/**
 * A message as stored: {@code msgId} is unique across the store and increases with every append;
 * {@code seq} is its position in its log (1, 2, 3…).
 */
public record StoredMessage(
        long msgId,
        String log,
        long seq,
        int fromUserId,
        String fromUserName,
        int toUserId,
        String group,
        String content,
        String clientMsgId,
        long sentAt) {}
