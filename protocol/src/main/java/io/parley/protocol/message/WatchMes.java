package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Extension: the users whose online/offline changes this session wants to hear about, replacing any earlier
 * list; answered with {@link WatchResMes}. Above the server's presence broadcast limit, watching is the only
 * way a session hears of changes (see the presence policy in docs/protocol.md).
 */
public record WatchMes(
        List<Integer> userIds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId) implements ClientMessage, Request {
    public static final int MAX_USERS = 1000;

    public WatchMes {
        userIds = Checks.list("userIds", userIds);
        if (userIds.size() > MAX_USERS) {
            throw new IllegalArgumentException(
                    "userIds: " + userIds.size() + " users (expected: at most " + MAX_USERS + ")");
        }
        for (int id : userIds) {
            Checks.userId("userIds", id);
        }
        Checks.optionalId("reqId", reqId);
    }
}
