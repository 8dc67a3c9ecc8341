package io.parley.server.store;

/** The outcome of creating a group. */
public enum Creation {
    CREATED,
    NAME_TAKEN,
    /** The owner already belongs to as many groups as {@link GroupCaps#groupsPerUser()} allows. */
    TOO_MANY_GROUPS
}
