package io.parley.server.store;

/** The outcome of a join or leave. */
public enum Membership {
    JOINED,
    LEFT,
    ALREADY_MEMBER,
    NOT_MEMBER,
    NO_SUCH_GROUP
}
