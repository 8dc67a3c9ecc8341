package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Extension: a request was refused. {@code code} is a {@link StatusCode}, {@code error} a sentence for a
 * person; {@code reqType}, {@code reqId} and {@code clientMsgId} identify the request when known.
 * {@code retryAfterMs}, with 429, says how long to wait before the same request can succeed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorMes(int code, String error, String reqType, String reqId, String clientMsgId, Long retryAfterMs)
        implements ServerMessage {
    public ErrorMes(int code, String error, String reqType, String reqId, String clientMsgId) {
        this(code, error, reqType, reqId, clientMsgId, null);
    }

    public static ErrorMes of(StatusCode code, String error) {
        return new ErrorMes(code.code(), error, null, null, null, null);
    }
}
