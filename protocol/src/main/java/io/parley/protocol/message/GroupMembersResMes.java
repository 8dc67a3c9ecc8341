package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Extension: the answer to {@link GroupMembersMes}: the members from {@code offset} on, ascending, which of
 * those are online, and {@code total}, the number of members the group has.
 */
public record GroupMembersResMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId,
        String group,
        int offset,
        int total,
        List<Integer> members,
        List<Integer> online)
        implements ServerMessage, Response {
    public GroupMembersResMes {
        Checks.offset(offset);
        Checks.total(total);
        members = Checks.list("members", members);
        online = Checks.list("online", online);
    }
}
