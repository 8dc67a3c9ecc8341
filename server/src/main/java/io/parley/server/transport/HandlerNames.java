package io.parley.server.transport;

/** The names of the pipeline handlers, so that tests and tools can find them. */
final class HandlerNames {
    static final String TLS = "tls";
    static final String FRAME = "frame-decoder";
    static final String FIRST_FRAME = "first-frame-watch";
    static final String DECODER = "message-decoder";
    static final String ENCODER = "message-encoder";
    static final String SESSION = "session";
    static final String REFUSAL = "refusal";

    private HandlerNames() {}
}
