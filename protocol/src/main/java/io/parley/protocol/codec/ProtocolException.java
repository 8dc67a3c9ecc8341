package io.parley.protocol.codec;

/**
 * A frame body that cannot be turned into a message. {@code type} is the envelope's type when it could
 * be read, so that the server can answer in kind; the message is a sentence fit to show a person.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String type;
    private final String reqId;
    private final String clientMsgId;

    public ProtocolException(String type, String message) {
        this(type, message, null, null);
    }

    /** With the request's {@code reqId} and {@code clientMsgId} when they could still be read, so a reply can name them. */
    public ProtocolException(String type, String message, String reqId, String clientMsgId) {
        super(message, null, false, false);
        this.type = type;
        this.reqId = reqId;
        this.clientMsgId = clientMsgId;
    }

    /** The request's {@code reqId}, or null. */
    public String reqId() {
        return reqId;
    }

    /** The request's {@code clientMsgId}, or null. */
    public String clientMsgId() {
        return clientMsgId;
    }

    /** The envelope's {@code type}, or null when the envelope itself was unreadable. */
    public String type() {
        return type;
    }
}
