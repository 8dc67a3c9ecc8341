package io.parley.server.store;

/** The outcome of a join or leave. */
public enum Membership {
    JOINED,
    LEFT,
    ALREADY_MEMBER,
    NOT_MEMBER,
    NO_SUCH_GROUP,
    /** The group has as many members as {@link GroupCaps#membersPerGroup()} allows. */
    GROUP_FULL,
    /** The user already belongs to as many groups as {@link GroupCaps#groupsPerUser()} allows. */
    TOO_MANY_GROUPS
}
