package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Seed type: the answer to {@link RegisterMes}; 200 ok, 505 id taken, 506 invalid values. */
@JsonPropertyOrder({"code", "error"})
public record RegisterResMes(int code, String error) implements ServerMessage {
    public RegisterResMes {
        error = error == null ? "" : error;
    }
}
