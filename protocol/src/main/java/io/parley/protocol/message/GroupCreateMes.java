package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Extension: create a group; answered with {@link OkMes} or {@link ErrorMes} carrying the same {@code reqId}. */
public record GroupCreateMes(
        String group,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public GroupCreateMes {
        Checks.group(group);
        Checks.optionalId("reqId", reqId);
    }
}
