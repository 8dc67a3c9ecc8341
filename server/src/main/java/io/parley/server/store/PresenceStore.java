package io.parley.server.store;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Who is online, counted per device: a user stays online while any of its sessions, on any node, is
 * connected. {@code nodeId} names the server process holding the session. Nodes prove they are alive with
 * heartbeats; the sessions of a node whose heartbeat stopped are cleared by whichever node finds it dead.
 */
public interface PresenceStore {
    /** Records one more session of {@code userId} on {@code nodeId}; completes true when the user was offline before. */
    CompletableFuture<Boolean> connect(int userId, String nodeId);

    /** Records that one session of {@code userId} on {@code nodeId} ended; completes true when it was the user's last. */
    CompletableFuture<Boolean> disconnect(int userId, String nodeId);

    /** Every user with at least one session on a node not yet found dead. */
    CompletableFuture<Set<Integer>> online();

    /**
     * Forgets every session of {@code nodeId} and the node itself, as when it stopped or died; completes with the
     * users who went offline. Safe to run twice, and from several nodes at once.
     */
    CompletableFuture<Set<Integer>> clearNode(String nodeId);

    /**
     * Makes the record of {@code nodeId}'s sessions exactly {@code sessions} (userId → count), as a node does
     * after losing the store for a while, when disconnects may have been lost or its record cleared.
     */
    CompletableFuture<Void> resync(String nodeId, Map<Integer, Integer> sessions);

    /**
     * Marks {@code nodeId} alive for {@code ttl}. Completes false when the node was not registered before: its
     * first beat, or it was found dead meanwhile and its sessions cleared (so it should {@link #resync}).
     */
    CompletableFuture<Boolean> heartbeat(String nodeId, Duration ttl);

    /** The registered nodes whose last heartbeat's time to live has run out. */
    CompletableFuture<List<String>> deadNodes();
}
