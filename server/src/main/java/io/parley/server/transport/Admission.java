package io.parley.server.transport;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.StatusCode;
import java.util.Optional;

/** Whether a new connection may stay, and if not, why, in the words its client is told. */
enum Admission {
    ADMITTED(StatusCode.OK, ""),
    /** The remote address already holds {@code perAddress} connections (nginx answers limit_conn with 429 too). */
    OVER_ADDRESS_CAP(StatusCode.TOO_MANY_REQUESTS, "too many connections from your address"),
    /** The server holds its global cap of connections. */
    SERVER_FULL(StatusCode.UNAVAILABLE, "the server is full; try again later");

    private final StatusCode code;
    private final String reason;

    Admission(StatusCode code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    StatusCode code() {
        return code;
    }

    String reason() {
        return reason;
    }

    /**
     * The refusal in the form the sender of {@code first} reads: {@code ErrorMes} for a Parley client (its
     * first frame is {@code HelloMes}); the reply type a tutorial client waits for after a login or a
     * register, since it takes whatever comes next as that reply; nothing for anything else.
     */
    Optional<ServerMessage> replyTo(ClientMessage first) {
        if (first instanceof HelloMes) {
            return Optional.of(new ErrorMes(code.code(), reason, WireTypes.nameOf(first), null, null));
        } else if (first instanceof LoginMes) {
            return Optional.of(LoginResMes.failure(code.code(), reason));
        } else if (first instanceof RegisterMes) {
            return Optional.of(new RegisterResMes(code.code(), reason));
        }
        return Optional.empty();
    }
}
