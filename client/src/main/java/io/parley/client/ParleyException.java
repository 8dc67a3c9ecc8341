package io.parley.client;

import io.parley.protocol.message.ErrorMes;

/**
 * The server refused a request with {@code ErrorMes}; pending futures fail with this exception.
 * {@link #getMessage()} is the server's sentence, fit to show a person.
 */
public final class ParleyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorMes error;

    public ParleyException(ErrorMes error) {
        super(error.error(), null, false, false);
        this.error = error;
    }

    /** The {@link io.parley.protocol.message.StatusCode} number. */
    public int code() {
        return error.code();
    }

    /** The whole reply, with the request's type and ids. */
    public ErrorMes error() {
        return error;
    }
}
