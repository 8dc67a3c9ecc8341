package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Seed type: the answer to {@link LoginMes}. {@code UsersId} (capital U, as the tutorial spells it) lists
 * online user ids including the caller's own. The trailing fields are Parley extensions, sent only to
 * connections that said hello, and left out (null) for tutorial clients so their frames stay exact.
 */
@JsonPropertyOrder({"code", "UsersId", "error", "userName", "resumeToken", "onlineCount"})
public record LoginResMes(
        int code,
        @JsonProperty("UsersId") List<Integer> usersId,
        String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) String userName,
        @JsonInclude(JsonInclude.Include.NON_NULL) String resumeToken,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer onlineCount)
        implements ServerMessage {

    public LoginResMes {
        error = error == null ? "" : error;
        usersId = usersId == null ? null : Checks.list("UsersId", usersId);
    }

    public static LoginResMes failure(int code, String error) {
        return new LoginResMes(code, null, error, null, null, null);
    }

    public LoginResMes withUsersId(List<Integer> ids) {
        return new LoginResMes(code, ids, error, userName, resumeToken, onlineCount);
    }

    @Override
    public String toString() {
        // The resume token is a credential and UsersId may hold thousands of ids: neither belongs in a log line.
        return "LoginResMes[code=" + code + ", error=" + error + ", usersId="
                + (usersId == null ? "null" : usersId.size() + " ids") + ", userName=" + userName
                + ", onlineCount=" + onlineCount + "]";
    }
}
