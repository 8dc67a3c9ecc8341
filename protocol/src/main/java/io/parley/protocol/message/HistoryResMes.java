package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Extension: the answer to {@link HistoryMes}, oldest first. */
public record HistoryResMes(
        @JsonInclude(JsonInclude.Include.NON_NULL) String reqId, String log, List<ChatItem> items)
        implements ServerMessage, Response {
    public HistoryResMes {
        items = Checks.list("items", items);
    }
}
