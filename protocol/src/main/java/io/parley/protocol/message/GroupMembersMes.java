package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: one page of a group's members, ascending by id; answered with {@link GroupMembersResMes}. Paged
 * like {@link GroupListMes}: no {@code offset} and {@code limit} asks for the first page, a {@code limit}
 * outside 1..{@value #MAX_LIMIT} means {@value #MAX_LIMIT}, and the server may return fewer.
 */
public record GroupMembersMes(
        String group,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId,
        int offset,
        int limit) implements ClientMessage, Request {
    /** 1000 ten-digit ids, and as many online, make a reply of about 22 KB. */
    public static final int MAX_LIMIT = 1000;

    public GroupMembersMes {
        Checks.group(group);
        Checks.optionalId("reqId", reqId);
        Checks.offset(offset);
        limit = Checks.pageLimit(limit, MAX_LIMIT);
    }

    /** The first page. */
    public GroupMembersMes(String group, String reqId) {
        this(group, reqId, 0, MAX_LIMIT);
    }
}
