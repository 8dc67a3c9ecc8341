package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Extension: leave a group; answered with {@link OkMes} or {@link ErrorMes} carrying the same {@code reqId}. */
public record GroupLeaveMes(
        String group,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public GroupLeaveMes {
        Checks.group(group);
        Checks.optionalId("reqId", reqId);
    }
}
