package io.parley.protocol.message;

/**
 * Every status code Parley sends. The seed's codes are context-dependent (505 means "id taken" in a
 * register reply but "server error" in a login reply), so each constant names its context.
 */
public enum StatusCode {
    OK(200),
    REGISTER_ID_TAKEN(505),
    REGISTER_INVALID(506),
    LOGIN_NO_SUCH_USER(500),
    LOGIN_WRONG_PASSWORD(403),
    LOGIN_SERVER_ERROR(505),
    BAD_REQUEST(400),
    NOT_LOGGED_IN(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    TOO_LARGE(413),
    /** A rate limit: retry after the {@code retryAfterMs} of the {@code ErrorMes}. */
    TOO_MANY_REQUESTS(429),
    /** Login: the account is banned by the server's operator; the error says until when and why. */
    BANNED(423),
    SERVER_ERROR(500),
    UNAVAILABLE(503),
    /** A quota is full (offline storage, groups per user, members per group); nothing already stored is dropped. */
    QUOTA_EXCEEDED(507);

    private final int code;

    StatusCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
