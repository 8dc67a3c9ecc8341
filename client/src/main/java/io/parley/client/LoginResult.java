package io.parley.client;

import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.StatusCode;
import java.util.List;

/**
 * The server's answer to a login or resume. A refused login (500 no such user, 403 wrong password) is an
 * answer, not a failure: the future completes normally and {@link #ok()} is false.
 *
 * @param userId       the id that tried to log in
 * @param code         200 on success, otherwise the seed's login code
 * @param error        a sentence for a person; empty on success
 * @param online       online user ids including the caller's own; empty on failure. Only the caller's own
 *                     unless {@link ClientOptions#onlineListInLogin()} asked for the first page (or the server
 *                     predates hello version 3): page the rest with {@link ParleyClient#onlineUsers}
 * @param userName     the account's name; null for a legacy connection
 * @param resumeToken  a token for {@link ParleyClient#resume}; null for a legacy connection
 * @param onlineCount  the whole online population (the list may be trimmed); null for a legacy connection
 */
public record LoginResult(
        int userId,
        int code,
        String error,
        List<Integer> online,
        String userName,
        String resumeToken,
        Integer onlineCount) {
    public LoginResult {
        online = online == null ? List.of() : List.copyOf(online);
        error = error == null ? "" : error;
    }

    static LoginResult of(int userId, LoginResMes reply) {
        return new LoginResult(
                userId,
                reply.code(),
                reply.error(),
                reply.usersId(),
                reply.userName(),
                reply.resumeToken(),
                reply.onlineCount());
    }

    public boolean ok() {
        return code == StatusCode.OK.code();
    }
}
