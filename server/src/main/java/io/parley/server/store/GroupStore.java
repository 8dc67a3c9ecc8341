package io.parley.server.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Groups and their members. */
public interface GroupStore {
    /** Creates a group whose first member is {@code ownerId}; false, changing nothing, when the name is taken. */
    default CompletableFuture<Boolean> create(String group, int ownerId, long createdAt) {
        return create(group, ownerId, createdAt, GroupCaps.NONE).thenApply(c -> c == Creation.CREATED);
    }

    /**
     * Creates a group whose first member is {@code ownerId}, unless the name is taken or the owner already
     * belongs to {@code caps.groupsPerUser()} groups; a refusal changes nothing.
     */
    CompletableFuture<Creation> create(String group, int ownerId, long createdAt, GroupCaps caps);

    /**
     * Adds a member and, in the same step, sets its read position in the group's log to the log's head,
     * so a new member is not handed the group's past as offline messages.
     */
    default CompletableFuture<Membership> join(String group, int userId) {
        return join(group, userId, GroupCaps.NONE);
    }

    /**
     * Like {@link #join(String, int)}, but refused, changing nothing, with {@link Membership#GROUP_FULL} when the
     * group has {@code caps.membersPerGroup()} members and {@link Membership#TOO_MANY_GROUPS} when the user
     * belongs to {@code caps.groupsPerUser()} groups. Both are checked atomically with the join: concurrent
     * joins, from any node, never take a group or a user past its cap.
     */
    CompletableFuture<Membership> join(String group, int userId, GroupCaps caps);

    CompletableFuture<Membership> leave(String group, int userId);

    /** Every group, by name. */
    CompletableFuture<List<GroupSummary>> list();

    /** The members, or empty when there is no such group. */
    CompletableFuture<Optional<Set<Integer>>> members(String group);

    /** The groups {@code userId} belongs to, by name. */
    CompletableFuture<List<String>> groupsOf(int userId);
}
