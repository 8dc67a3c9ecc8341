package io.parley.protocol.netty;

/**
 * A well-framed body that did not decode; passed up the pipeline in place of a message so the handler
 * can answer with an error and keep the connection. {@code type} is the envelope's type when known.
 */
public record DecodeFailure(String type, String reason) {
}
