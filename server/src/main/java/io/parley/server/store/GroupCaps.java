package io.parley.server.store;

/**
 * How many groups one user may belong to and how many members one group may have; a create or join beyond
 * either is refused in the same atomic step that would have added the member.
 */
public record GroupCaps(int groupsPerUser, int membersPerGroup) {
    /** No caps. */
    public static final GroupCaps NONE = new GroupCaps(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public GroupCaps {
        if (groupsPerUser < 1 || membersPerGroup < 1) {
            throw new IllegalArgumentException("group caps: " + groupsPerUser + " groups per user, " + membersPerGroup
                    + " members per group (expected: >= 1 each)");
        }
    }
}
