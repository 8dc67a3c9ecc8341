package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Seed type, both directions: a message to everyone online, with the sender's user fields flattened
 * into the same object. The server always overwrites the sender fields with the authenticated user and
 * blanks {@code userPwd}. {@code clientMsgId} (client to server), {@code msgId} and {@code sentAt}
 * (server to client) are extensions and appear only on connections that said hello.
 */
@JsonPropertyOrder({"content", "userId", "userPwd", "userName", "userStatus", "sex", "msgId", "sentAt", "clientMsgId"})
public record SmsMes(
        String content,
        int userId,
        String userPwd,
        String userName,
        int userStatus,
        String sex,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long msgId,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long sentAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String clientMsgId)
        implements ClientMessage, ChatSend, ServerMessage {

    public SmsMes {
        content = content == null ? "" : content;
        userPwd = userPwd == null ? "" : userPwd;
        userName = userName == null ? "" : userName;
        sex = sex == null ? "" : sex;
        Checks.optionalId("clientMsgId", clientMsgId);
    }

    /** A seed-shaped message, as a tutorial client sends and receives it. */
    public static SmsMes seed(String content, int userId, String userName) {
        return new SmsMes(content, userId, "", userName, 0, "", null, null, null);
    }

    @Override
    public String toString() {
        return "SmsMes[userId=" + userId + ", msgId=" + msgId + ", clientMsgId=" + clientMsgId + ", length="
                + content.length() + "]";
    }
}
