package io.parley.server.service;

import io.parley.server.store.Creation;
import io.parley.server.store.GroupCaps;
import io.parley.server.store.GroupStore;
import io.parley.server.store.Membership;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group membership for fan-out, cached: a group message needs its member list, and reading it from the
 * store for every message would cost a round trip per send. Joins and leaves through this node keep the
 * cache exact; other nodes' changes arrive as {@link #invalidate} and make the next use read the store.
 */
final class GroupDirectory {
    private final GroupStore groups;
    private final Peers peers;
    /** Groups per user and members per group, which the store checks atomically with each create and join. */
    private final GroupCaps caps;

    private final ConcurrentMap<String, Set<Integer>> members = new ConcurrentHashMap<>();
    /** Counts invalidations, so that a read begun before one is not cached after it. */
    private final AtomicLong generation = new AtomicLong();

    GroupDirectory(GroupStore groups, Peers peers, GroupCaps caps) {
        this.groups = groups;
        this.peers = peers;
        this.caps = caps;
    }

    GroupStore store() {
        return groups;
    }

    /** The members of {@code group}, or empty when it does not exist. */
    CompletableFuture<Optional<Set<Integer>>> members(String group) {
        Set<Integer> cached = members.get(group);
        if (cached != null) {
            return CompletableFuture.completedFuture(Optional.of(cached));
        }
        long readAt = generation.get();
        return groups.members(group)
                .thenApply(found -> found.map(ids -> {
                    Set<Integer> set = ConcurrentHashMap.newKeySet();
                    set.addAll(ids);
                    if (generation.get() != readAt) {
                        return set;
                    }
                    Set<Integer> raced = members.putIfAbsent(group, set);
                    return raced != null ? raced : set;
                }));
    }

    /** Another node changed the group's members: forget them, to read them again when next needed. */
    void invalidate(String group) {
        generation.incrementAndGet();
        members.remove(group);
    }

    CompletableFuture<Creation> create(String group, int ownerId) {
        return groups.create(group, ownerId, System.currentTimeMillis(), caps).thenApply(created -> {
            if (created == Creation.CREATED) {
                members.remove(group);
                peers.membersChanged(group);
            }
            return created;
        });
    }

    CompletableFuture<Membership> join(String group, int userId) {
        return groups.join(group, userId, caps).thenApply(result -> {
            if (result == Membership.JOINED) {
                Set<Integer> cached = members.get(group);
                if (cached != null) {
                    cached.add(userId);
                }
                peers.membersChanged(group);
            }
            return result;
        });
    }

    CompletableFuture<Membership> leave(String group, int userId) {
        return groups.leave(group, userId).thenApply(result -> {
            if (result == Membership.LEFT) {
                Set<Integer> cached = members.get(group);
                if (cached != null) {
                    cached.remove(userId);
                }
                peers.membersChanged(group);
            }
            return result;
        });
    }
}
