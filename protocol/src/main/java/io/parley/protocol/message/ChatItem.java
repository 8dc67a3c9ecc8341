package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One stored chat message inside {@link HistoryResMes}; {@code group} is null for a private message. */
public record ChatItem(
        long msgId,
        long seq,
        int fromUserId,
        String fromUserName,
        int toUserId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String group,
        String content,
        long sentAt) {}
