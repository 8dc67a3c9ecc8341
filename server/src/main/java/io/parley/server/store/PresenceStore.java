package io.parley.server.store;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Who is online, counted per device: a user stays online while any of its sessions, on any node, is
 * connected. {@code nodeId} names the server process holding the session.
 */
public interface PresenceStore {
    /** Records one more session of {@code userId} on {@code nodeId}; completes true when the user was offline before. */
    CompletableFuture<Boolean> connect(int userId, String nodeId);

    /** Records that one session of {@code userId} on {@code nodeId} ended; completes true when it was the user's last. */
    CompletableFuture<Boolean> disconnect(int userId, String nodeId);

    /** Every user with at least one session. */
    CompletableFuture<Set<Integer>> online();

    /** Forgets every session of {@code nodeId}, as when that node stops or dies; completes with the users who went offline. */
    CompletableFuture<Set<Integer>> clearNode(String nodeId);
}
