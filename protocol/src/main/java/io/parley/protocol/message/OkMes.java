package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Extension: a group request succeeded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OkMes(String reqType, String reqId, String group) implements ServerMessage {
}
