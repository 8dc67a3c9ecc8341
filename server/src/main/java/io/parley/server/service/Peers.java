package io.parley.server.service;

import java.util.concurrent.CompletableFuture;

/**
 * The other nodes of a cluster, as the service talks to them: what it tells them, and whose messages it wants.
 * A single node has none ({@link #NONE}). Implementations must not block the caller.
 *
 * <p>Stored messages are not handed over here: the store announces them to the other nodes as part of the
 * append itself (see {@code io.parley.server.store.redis.Announcements}), so that an acknowledged message has
 * always left its node, and one log's messages are announced in seq order.
 */
public interface Peers {
    /**
     * Whether this node hears its own stored messages back from the other nodes' channel and hands them to its
     * own sessions then. With one channel carrying every message of a log in seq order, a node that delivered its
     * own messages at once would hand them over ahead of earlier ones still on their way, and every such gap
     * would cost a read of the store.
     */
    boolean hearsOwnMessages();

    /** Tells the other nodes that the members of {@code group} changed, so that they read them again. */
    void membersChanged(String group);

    /** Starts taking messages published for {@code userId}; completes once they will reach this node. */
    CompletableFuture<Void> follow(int userId);

    /** Stops taking messages for {@code userId}, whose last session on this node ended. */
    void unfollow(int userId);

    /**
     * Tells the other nodes that {@code userId}'s tokens older than {@code epoch} are void (logged out everywhere,
     * or a new password), so that they close its sessions holding one.
     */
    void sessionsRevoked(int userId, long epoch);

    /** No other nodes: nothing to tell, nothing to follow. */
    Peers NONE = new Peers() {
        private final CompletableFuture<Void> done = CompletableFuture.completedFuture(null);

        @Override
        public boolean hearsOwnMessages() {
            return false;
        }

        @Override
        public void membersChanged(String group) {}

        @Override
        public CompletableFuture<Void> follow(int userId) {
            return done;
        }

        @Override
        public void unfollow(int userId) {}

        @Override
        public void sessionsRevoked(int userId, long epoch) {}
    };
}
