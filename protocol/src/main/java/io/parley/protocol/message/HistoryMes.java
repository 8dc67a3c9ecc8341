package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: the latest messages of a log the caller may read — {@code "inbox"} (private messages to the
 * caller) or {@code "group:<name>"} (members only), as {@link LogNames} spells them — answered with
 * {@link HistoryResMes}, oldest first. {@code beforeSeq} pages backwards; 0 means from the newest.
 */
public record HistoryMes(
        String log,
        long beforeSeq,
        int limit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public static final int MAX_LIMIT = 200;

    public HistoryMes {
        LogNames.check(log);
        if (beforeSeq < 0) {
            throw new IllegalArgumentException("beforeSeq: " + beforeSeq + " (expected: >= 0)");
        }
        if (limit <= 0 || limit > MAX_LIMIT) {
            limit = MAX_LIMIT;
        }
        Checks.optionalId("reqId", reqId);
    }
}
