package io.parley.protocol.codec;

/**
 * A frame body that cannot be turned into a message. {@code type} is the envelope's type when it could
 * be read, so that the server can answer in kind; the message is a sentence fit to show a person.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String type;

    public ProtocolException(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    /** The envelope's {@code type}, or null when the envelope itself was unreadable. */
    public String type() {
        return type;
    }
}
