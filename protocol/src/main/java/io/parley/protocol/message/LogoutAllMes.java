package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: log out everywhere. Every resume token of the user stops working and its other sessions are
 * closed; this session stays logged in and gets a fresh {@code resumeToken} in the {@link OkMes} reply.
 */
public record LogoutAllMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public LogoutAllMes {
        Checks.optionalId("reqId", reqId);
    }
}
