package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Extension: one page of the online user list, ascending by id; answered with {@link OnlineListResMes}. */
public record OnlineListMes(
        int offset,
        int limit,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public static final int MAX_LIMIT = 1000;

    public OnlineListMes {
        if (offset < 0) {
            throw new IllegalArgumentException("offset: " + offset + " (expected: >= 0)");
        }
        if (limit <= 0 || limit > MAX_LIMIT) {
            limit = MAX_LIMIT;
        }
        Checks.optionalId("reqId", reqId);
    }
}
