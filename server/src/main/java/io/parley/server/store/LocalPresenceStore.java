package io.parley.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
    /**
     * userId -> its sessions per node, indexed as {@link #nodeSlots}; a user has an entry only while some count is
     * above 0. An array of one int for the embedded backend's one node: a map per user cost about 80 bytes more
     * per online user.
     */
    private final Map<Integer, int[]> sessions = new HashMap<>();
    /** The nodes counted in {@link #sessions}, by slot; a cleared node's slot is null until another takes it. */
    private final List<String> nodeSlots = new ArrayList<>();
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
        boolean first = !sessions.containsKey(userId);
        int slot = slotOf(nodeId);
        counts(userId, slot)[slot]++;
        register(nodeId);
        return CompletableFuture.completedFuture(first);
    }

    @Override
    public synchronized CompletableFuture<Boolean> disconnect(int userId, String nodeId) {
        int[] counts = sessions.get(userId);
        int slot = nodeSlots.indexOf(nodeId);
        if (counts == null || slot < 0 || slot >= counts.length || counts[slot] == 0) {
            return CompletableFuture.completedFuture(false);
        }
        counts[slot]--;
        if (none(counts)) {
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
        Set<Integer> gone = dropNode(nodeId, Set.of());
        int slot = nodeSlots.indexOf(nodeId);
        if (slot >= 0) {
            nodeSlots.set(slot, null); // no user counts anything there any more
        }
        return CompletableFuture.completedFuture(gone);
    }

    /** Removes {@code nodeId}'s sessions of every user but {@code keep}; returns the users left with none. */
    private Set<Integer> dropNode(String nodeId, Set<Integer> keep) {
        int slot = nodeSlots.indexOf(nodeId);
        if (slot < 0) {
            return Set.of();
        }
        Set<Integer> gone = new HashSet<>();
        sessions.entrySet().removeIf(e -> {
            int[] counts = e.getValue();
            if (keep.contains(e.getKey()) || slot >= counts.length) {
                return false;
            }
            counts[slot] = 0;
            if (none(counts)) {
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
        int slot = slotOf(nodeId);
        counts.forEach((userId, count) -> {
            if (count > 0) {
                counts(userId, slot)[slot] = count;
            }
        });
        register(nodeId);
        return CompletableFuture.completedFuture(null);
    }

    /** {@code userId}'s counts, made or grown so that they have {@code slot}. */
    private int[] counts(int userId, int slot) {
        int[] counts = sessions.get(userId);
        if (counts == null || counts.length <= slot) {
            counts = counts == null ? new int[slot + 1] : Arrays.copyOf(counts, slot + 1);
            sessions.put(userId, counts);
        }
        return counts;
    }

    private int slotOf(String nodeId) {
        int slot = nodeSlots.indexOf(nodeId);
        if (slot >= 0) {
            return slot;
        }
        slot = nodeSlots.indexOf(null);
        if (slot >= 0) {
            nodeSlots.set(slot, nodeId);
            return slot;
        }
        nodeSlots.add(nodeId);
        return nodeSlots.size() - 1;
    }

    private static boolean none(int[] counts) {
        for (int count : counts) {
            if (count > 0) {
                return false;
            }
        }
        return true;
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
