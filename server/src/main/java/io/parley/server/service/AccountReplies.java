package io.parley.server.service;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.StatusCode;

/**
 * Refusals of register, login and resume requests before they are checked. A Parley client gets an
 * {@link ErrorMes} when there is a retry hint to carry; otherwise, and always for a tutorial client — which
 * takes the next frame as the answer whatever it is — the refusal comes as the request's own reply type.
 */
final class AccountReplies {
    /** How long a client refused for a full hash queue is told to wait: about what the queue takes to drain. */
    static final long BUSY_RETRY_MILLIS = 1000;

    private AccountReplies() {}

    /** A second register, login or resume while one is being checked: refused, not queued. */
    static void inFlight(ClientSession session, ClientMessage request) {
        refuse(
                session,
                request,
                StatusCode.CONFLICT,
                "another register or login request of this connection is still being checked",
                0);
    }

    /** The password-hash queue is full. */
    static void busy(ClientSession session, ClientMessage request) {
        refuse(session, request, StatusCode.UNAVAILABLE, "server busy, try again", BUSY_RETRY_MILLIS);
    }

    /**
     * @param retryAfterMs with a positive value, in the {@code ErrorMes} of a Parley client and as seconds in
     *                     the text of a tutorial client's reply
     */
    static void refuse(ClientSession session, ClientMessage request, StatusCode code, String text, long retryAfterMs) {
        if (session.extended() && retryAfterMs > 0) {
            session.send(new ErrorMes(code.code(), text, WireTypes.nameOf(request), null, null, retryAfterMs));
            return;
        }
        String sentence = retryAfterMs > 0 ? text + " in " + (retryAfterMs + 999) / 1000 + " s" : text;
        if (request instanceof RegisterMes) {
            session.send(new RegisterResMes(code.code(), sentence));
        } else {
            session.send(LoginResMes.failure(code.code(), sentence));
        }
    }
}
