package io.parley.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Presence held in this process, for the embedded backend: with one node there is nothing to share, and
 * nothing to keep across a restart (after one, nobody is connected).
 */
public final class LocalPresenceStore implements PresenceStore {
    /** userId -> nodeId -> sessions */
    private final Map<Integer, Map<String, Integer>> sessions = new HashMap<>();
    /** nodeId -> when its heartbeat runs out, in {@link #clock} nanoseconds */
    private final Map<String, Long> nodes = new HashMap<>();

    private final LongSupplier clock;

    public LocalPresenceStore() {
        this(System::nanoTime);
    }

    LocalPresenceStore(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    @Override
    public synchronized CompletableFuture<Boolean> connect(int userId, String nodeId) {
        // 2 slots: the embedded store is one node, so a user's map holds one entry (HashMap's default is 16).
        Map<String, Integer> byNode = sessions.computeIfAbsent(userId, k -> new HashMap<>(2));
        boolean first = byNode.isEmpty();
        byNode.merge(nodeId, 1, Integer::sum);
        register(nodeId);
        return CompletableFuture.completedFuture(first);
    }

    @Override
    public synchronized CompletableFuture<Boolean> disconnect(int userId, String nodeId) {
        Map<String, Integer> byNode = sessions.get(userId);
        if (byNode == null || !byNode.containsKey(nodeId)) {
            return CompletableFuture.completedFuture(false);
        }
        byNode.computeIfPresent(nodeId, (k, n) -> n > 1 ? n - 1 : null);
        if (byNode.isEmpty()) {
            sessions.remove(userId);
            return CompletableFuture.completedFuture(true);
        }
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public synchronized CompletableFuture<Set<Integer>> online() {
        return CompletableFuture.completedFuture(Set.copyOf(sessions.keySet()));
    }

    @Override
    public synchronized CompletableFuture<Set<Integer>> clearNode(String nodeId) {
        nodes.remove(nodeId);
        return CompletableFuture.completedFuture(dropNode(nodeId, Set.of()));
    }

    /** Removes {@code nodeId}'s sessions of every user but {@code keep}; returns the users left with none. */
    private Set<Integer> dropNode(String nodeId, Set<Integer> keep) {
        Set<Integer> gone = new HashSet<>();
        sessions.entrySet().removeIf(e -> {
            if (keep.contains(e.getKey())) {
                return false;
            }
            e.getValue().remove(nodeId);
            if (e.getValue().isEmpty()) {
                gone.add(e.getKey());
                return true;
            }
            return false;
        });
        return Set.copyOf(gone);
    }

    @Override
    public synchronized CompletableFuture<Void> resync(String nodeId, Map<Integer, Integer> counts) {
        dropNode(nodeId, counts.keySet());
        counts.forEach((userId, count) ->
                sessions.computeIfAbsent(userId, k -> new HashMap<>()).put(nodeId, count));
        register(nodeId);
        return CompletableFuture.completedFuture(null);
    }

    /** A node known only from its sessions counts as dead until its first heartbeat, as in the Redis store. */
    private void register(String nodeId) {
        nodes.putIfAbsent(nodeId, clock.getAsLong());
    }

    @Override
    public synchronized CompletableFuture<Boolean> heartbeat(String nodeId, Duration ttl) {
        Long before = nodes.put(nodeId, clock.getAsLong() + ttl.toNanos());
        return CompletableFuture.completedFuture(before != null);
    }

    @Override
    public synchronized CompletableFuture<List<String>> deadNodes() {
        long now = clock.getAsLong();
        List<String> dead = new ArrayList<>();
        nodes.forEach((id, until) -> {
            if (now - until >= 0) {
                dead.add(id);
            }
        });
        dead.sort(null);
        return CompletableFuture.completedFuture(dead);
    }
}
