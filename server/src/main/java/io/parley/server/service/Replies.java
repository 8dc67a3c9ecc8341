package io.parley.server.service;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ChatSend;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.Request;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.store.StoreOverloadedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error replies in the form each kind of connection can read: a Parley client gets {@link ErrorMes}; a
 * tutorial client, which must only ever receive the six seed types, gets the text as a broadcast from user
 * 0 — its client prints it like any other message.
 */
final class Replies {
    /** The sender id of notices to tutorial clients. */
    static final int SYSTEM_USER = 0;

    private Replies() {}

    /**
     * Failures of a store that is away: every request fails while it is (thousands a second), so one line with its
     * stack trace per interval, with the count of the rest.
     */
    private static final ThrottledWarning STORE_FAILURES = new ThrottledWarning(LoggerFactory.getLogger(Replies.class));

    /**
     * Logs a request the store failed, which the client is told to send again (503): a store refusing work under
     * load is expected (debug, one line, to the caller's {@code log}); any other failure is a warning with its
     * cause, at most one line per interval while the store is away.
     */
    static void logStoreFailure(Logger log, ClientSession session, String type, Throwable error) {
        if (StoreOverloadedException.isCause(error)) {
            log.debug("{} from {} refused: {}", type, session, error.toString());
        } else {
            STORE_FAILURES.warn("{} from {} failed: {}", type, session, error.toString(), error);
        }
    }

    static void error(
            ClientSession session, StatusCode code, String text, String reqType, String reqId, String clientMsgId) {
        if (session.extended()) {
            session.send(new ErrorMes(code.code(), text, reqType, reqId, clientMsgId));
        } else {
            session.send(SmsMes.seed("error " + code.code() + ": " + text, SYSTEM_USER, "parley"));
        }
    }

    static void error(ClientSession session, StatusCode code, String text, String reqType) {
        error(session, code, text, reqType, null, null);
    }

    /** Refuses {@code request}, naming it by its type and by its {@code reqId} or {@code clientMsgId}, if any. */
    static void refuse(ClientSession session, StatusCode code, String text, ClientMessage request) {
        error(
                session,
                code,
                text,
                WireTypes.nameOf(request),
                request instanceof Request r ? r.reqId() : null,
                request instanceof ChatSend s ? s.clientMsgId() : null);
    }

    /** A rate limit's refusal (429), saying how long to wait before the same request can succeed. */
    static void tooFast(
            ClientSession session, String text, long retryAfterMs, String reqType, String reqId, String clientMsgId) {
        if (session.extended()) {
            session.send(
                    new ErrorMes(StatusCode.TOO_MANY_REQUESTS.code(), text, reqType, reqId, clientMsgId, retryAfterMs));
        } else {
            session.send(SmsMes.seed(
                    "error " + StatusCode.TOO_MANY_REQUESTS.code() + ": " + text + "; try again in " + retryAfterMs
                            + " ms",
                    SYSTEM_USER,
                    "parley"));
        }
    }
}
