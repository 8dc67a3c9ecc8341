package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: one page of the list of all groups, sorted by name; answered with {@link GroupListResMes}. A
 * request without {@code offset} and {@code limit} (as clients before paging sent it) asks for the first page.
 * A {@code limit} outside 1..{@value #MAX_LIMIT} means {@value #MAX_LIMIT}; the server may return fewer, to
 * keep the reply within its frame limit, so the next page starts at {@code offset} plus the groups returned.
 */
public record GroupListMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId, int offset, int limit)
        implements ClientMessage, Request {
    /** 100 of the longest names (64 three-byte characters) make a reply of about 25 KB. */
    public static final int MAX_LIMIT = 100;

    public GroupListMes {
        Checks.optionalId("reqId", reqId);
        Checks.offset(offset);
        limit = Checks.pageLimit(limit, MAX_LIMIT);
    }

    /** The first page. */
    public GroupListMes(String reqId) {
        this(reqId, 0, MAX_LIMIT);
    }
}
