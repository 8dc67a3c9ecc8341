package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Extension: the answer to {@link GroupListMes}: the groups from {@code offset} on, sorted by name, and
 * {@code total}, the number of groups there are.
 */
public record GroupListResMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId, int offset, int total, List<GroupInfo> groups)
        implements ServerMessage, Response {
    public GroupListResMes {
        Checks.offset(offset);
        Checks.total(total);
        groups = Checks.list("groups", groups);
    }
}
