package io.parley.server.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Groups and their members. */
public interface GroupStore {
    /** Creates a group whose first member is {@code ownerId}; false, changing nothing, when the name is taken. */
    CompletableFuture<Boolean> create(String group, int ownerId, long createdAt);

    /**
     * Adds a member and, in the same step, sets its read position in the group's log to the log's head,
     * so a new member is not handed the group's past as offline messages.
     */
    CompletableFuture<Membership> join(String group, int userId);

    CompletableFuture<Membership> leave(String group, int userId);

    /** Every group, by name. */
    CompletableFuture<List<GroupSummary>> list();

    /** The members, or empty when there is no such group. */
    CompletableFuture<Optional<Set<Integer>>> members(String group);

    /** The groups {@code userId} belongs to, by name. */
    CompletableFuture<List<String>> groupsOf(int userId);
}
