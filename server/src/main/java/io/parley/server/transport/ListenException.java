package io.parley.server.transport;

/** A listener could not be opened; the message names the address, the flag that sets it and the system's reason. */
public final class ListenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ListenException(String message, Throwable cause) {
        super(message, cause);
    }
}
