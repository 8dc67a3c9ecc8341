package io.parley.server.service;

/** Where a connection is in its life. */
enum SessionState {
    /** Connected; may say hello, register or log in. */
    CONNECTED,
    /** Checking a password or token; further requests wait their turn as errors. */
    AUTHENTICATING,
    /** Logged in as one user. */
    AUTHENTICATED,
    /** Closed or closing; nothing more is delivered. */
    CLOSED
}
