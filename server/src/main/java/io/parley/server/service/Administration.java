package io.parley.server.service;

import io.parley.server.store.UserStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the server's operator may do to users, through the admin listener ({@code parley admin}): see who is
 * online, and end a user's sessions on every node. Each action is the caller's to log, with who asked.
 */
public final class Administration {
    /** The most ids one {@link #who} answer lists. */
    public static final int MAX_PAGE = 1000;

    private final Presence presence;
    private final Credentials credentials;
    private final UserStore users;

    Administration(Presence presence, Credentials credentials, UserStore users) {
        this.presence = presence;
        this.credentials = credentials;
        this.users = users;
    }

    /**
     * Who is online on every node: how many, and a page of their ids.
     *
     * @param online    users online in the cluster
     * @param userIds   a page of them, ascending
     * @param onThisNode sessions (connections logged in) on this node
     */
    public record Who(int online, int offset, List<Integer> userIds, int onThisNode) {}

    public Who who(int offset, int limit) {
        int page = Math.max(0, Math.min(limit, MAX_PAGE));
        return new Who(
                presence.count(),
                offset,
                presence.page(Math.max(0, offset), page),
                presence.localSessions().size());
    }

    /**
     * Ends every session of {@code userId} on every node, and voids its resume tokens so that none comes back
     * without the password. Completes empty when there is no such user, else with the sessions ended here.
     */
    public CompletableFuture<Optional<Integer>> kick(int userId) {
        return users.find(userId).thenCompose(user -> {
            if (user.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            int here = presence.sessionsOf(userId).size();
            return credentials.endEverySession(userId).thenApply(epoch -> Optional.of(here));
        });
    }
}
