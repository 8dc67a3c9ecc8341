package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Extension: list all groups; answered with {@link GroupListResMes}. */
public record GroupListMes(@JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage {
    public GroupListMes {
        Requests.optionalId("reqId", reqId);
    }
}
