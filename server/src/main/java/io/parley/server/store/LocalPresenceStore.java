package io.parley.server.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Presence held in this process, for the embedded backend: with one node there is nothing to share, and
 * nothing to keep across a restart (after one, nobody is connected).
 */
public final class LocalPresenceStore implements PresenceStore {
    /** userId -> nodeId -> sessions */
    private final Map<Integer, Map<String, Integer>> sessions = new HashMap<>();

    @Override
    public synchronized CompletableFuture<Boolean> connect(int userId, String nodeId) {
        Map<String, Integer> byNode = sessions.computeIfAbsent(userId, k -> new HashMap<>());
        boolean first = byNode.isEmpty();
        byNode.merge(nodeId, 1, Integer::sum);
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
        Set<Integer> gone = new HashSet<>();
        sessions.entrySet().removeIf(e -> {
            e.getValue().remove(nodeId);
            if (e.getValue().isEmpty()) {
                gone.add(e.getKey());
                return true;
            }
            return false;
        });
        return CompletableFuture.completedFuture(Set.copyOf(gone));
    }
}
