package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Extension: the answer to {@link GroupMembersMes}: all members, and which of them are online. */
public record GroupMembersResMes(@JsonInclude(JsonInclude.Include.NON_NULL) String reqId, String group,
                                 List<Integer> members, List<Integer> online) implements ServerMessage {
    public GroupMembersResMes {
        members = Requests.list("members", members);
        online = Requests.list("online", online);
    }
}
