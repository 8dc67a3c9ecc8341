package io.parley.client;

import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.StatusCode;

/**
 * The server refused a request with {@code ErrorMes}, or — code 503, {@link StatusCode#UNAVAILABLE} — a
 * reconnecting client could not carry it (see {@link ReconnectPolicy}); pending futures fail with this
 * exception. {@link #getMessage()} is a sentence fit to show a person.
 */
public final class ParleyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorMes error;

    public ParleyException(ErrorMes error) {
        super(error.error(), null, false, false);
        this.error = error;
    }

    /** The client's own 503: the request did not reach a server and was not retried. */
    static ParleyException unavailable(String sentence, String reqType) {
        return new ParleyException(new ErrorMes(StatusCode.UNAVAILABLE.code(), sentence, reqType, null, null));
    }

    /** The {@link StatusCode} number. */
    public int code() {
        return error.code();
    }

    /** The whole reply, with the request's type and ids. */
    public ErrorMes error() {
        return error;
    }
}
