package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Extension: the answer to {@link WatchMes}: which of the watched users are online now, ascending. */
public record WatchResMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId, List<Integer> online)
        implements ServerMessage, Response {
    public WatchResMes {
        online = Checks.list("online", online);
    }
}
