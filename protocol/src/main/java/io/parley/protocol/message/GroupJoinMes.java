package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Extension: join a group; answered with {@link OkMes} or {@link ErrorMes} carrying the same {@code reqId}. */
public record GroupJoinMes(
        String group,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public GroupJoinMes {
        Checks.group(group);
        Checks.optionalId("reqId", reqId);
    }
}
