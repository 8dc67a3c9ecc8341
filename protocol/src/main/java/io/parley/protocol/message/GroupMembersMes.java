package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Extension: list a group's members; answered with {@link GroupMembersResMes}. */
public record GroupMembersMes(String group, @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage {
    public GroupMembersMes {
        Requests.group(group);
        Requests.optionalId("reqId", reqId);
    }
}
