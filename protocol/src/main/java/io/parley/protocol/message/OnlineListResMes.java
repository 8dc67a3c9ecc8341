package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Extension: one page of online user ids, ascending; {@code total} is the whole online population. */
public record OnlineListResMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId, int offset, int total, List<Integer> userIds)
        implements ServerMessage, Response {
    public OnlineListResMes {
        userIds = Checks.list("userIds", userIds);
    }
}
