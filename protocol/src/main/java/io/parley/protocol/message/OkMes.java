package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: a request succeeded. {@code group} names the group of a group request; {@code resumeToken} is the
 * session's fresh token after {@link ChangePasswordMes} or {@link LogoutAllMes}, which revoke the one it had.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OkMes(String reqType, String reqId, String group, String resumeToken) implements ServerMessage, Response {
    public OkMes(String reqType, String reqId, String group) {
        this(reqType, reqId, group, null);
    }

    @Override
    public String toString() {
        // The resume token is a credential: it does not belong in a log line.
        return "OkMes[reqType=" + reqType + ", reqId=" + reqId + ", group=" + group
                + (resumeToken == null ? "" : ", resumeToken=(set)") + "]";
    }
}
