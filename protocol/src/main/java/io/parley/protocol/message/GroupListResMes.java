package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Extension: the answer to {@link GroupListMes}, sorted by name. */
public record GroupListResMes(@JsonInclude(JsonInclude.Include.NON_NULL) String reqId, List<GroupInfo> groups)
        implements ServerMessage {
    public GroupListResMes {
        groups = Requests.list("groups", groups);
    }
}
