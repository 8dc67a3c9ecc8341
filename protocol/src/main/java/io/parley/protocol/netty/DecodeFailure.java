package io.parley.protocol.netty;

/**
 * A well-framed body that did not decode; passed up the pipeline in place of a message so the handler
 * can answer with an error and keep the connection. {@code type} is the envelope's type when known, and
 * {@code reqId} and {@code clientMsgId} the request's ids when they could still be read.
 */
public record DecodeFailure(String type, String reason, String reqId, String clientMsgId) {
    public DecodeFailure(String type, String reason) {
        this(type, reason, null, null);
    }
}
