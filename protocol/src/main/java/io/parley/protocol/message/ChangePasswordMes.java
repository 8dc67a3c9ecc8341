package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: change the logged-in user's password. Answered with {@link OkMes} carrying a fresh
 * {@code resumeToken} for this session (every other token of the user stops working), or {@link ErrorMes} 403
 * when {@code oldPwd} is wrong.
 */
public record ChangePasswordMes(
        String oldPwd,
        String newPwd,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public ChangePasswordMes {
        if (oldPwd == null || oldPwd.isEmpty()) {
            throw new IllegalArgumentException("oldPwd: must not be empty");
        }
        if (newPwd == null || newPwd.isEmpty()) {
            throw new IllegalArgumentException("newPwd: must not be empty");
        }
        Checks.optionalId("reqId", reqId);
    }

    @Override
    public String toString() {
        // Passwords never belong in a log line.
        return "ChangePasswordMes[reqId=" + reqId + "]";
    }
}
