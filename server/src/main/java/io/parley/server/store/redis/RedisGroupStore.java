package io.parley.server.store.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.parley.server.store.Creation;
import io.parley.server.store.GroupCaps;
import io.parley.server.store.GroupStore;
import io.parley.server.store.GroupSummary;
import io.parley.server.store.Logs;
import io.parley.server.store.Membership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Groups as a hash (owner, createdAt) whose existence is the group's, a members set, a registry of names
 * and a per-user set of groups. A script changes the group's own keys together; the two indexes follow. Groups
 * are never deleted.
 */
final class RedisGroupStore implements GroupStore {
    private final RedisClusterAsyncCommands<String, String> redis;
    private final ScriptCalls scripts;
    private final LogCommands logs;

    /** @param logs the way the scripts that set or remove read positions go to Redis: in order with the logs' writes */
    RedisGroupStore(RedisClusterAsyncCommands<String, String> redis, ScriptCalls scripts, LogCommands logs) {
        this.redis = redis;
        this.scripts = scripts;
        this.logs = logs;
    }

    /**
     * First a place is reserved in the owner's set of groups (the groups-per-user cap, in that set's slot), then
     * the script creates the group in its log's slot, then the registry of names, an index in a third slot, is
     * updated before this completes. A refused create gives the reservation back. A node dying between the steps
     * leaves the group out of the registry, or a reservation that counts against the owner's cap (it still
     * exists and works; see docs/cluster.md).
     */
    @Override
    public CompletableFuture<Creation> create(String group, int ownerId, long createdAt, GroupCaps caps) {
        requireNonNull(group, "group");
        requireNonNull(caps, "caps");
        return reserve(ownerId, group, caps).thenCompose(reserved -> {
            if (reserved == Reservation.TOO_MANY_GROUPS) {
                return redis.exists(RedisKeys.group(group))
                        .toCompletableFuture()
                        .thenApply(taken -> taken == 1L ? Creation.NAME_TAKEN : Creation.TOO_MANY_GROUPS);
            }
            return logs.inTurn(() -> scripts.<Long>run(
                            Script.CREATE_GROUP,
                            ScriptOutputType.INTEGER,
                            groupKeys(group),
                            group,
                            Integer.toString(ownerId),
                            Long.toString(createdAt)))
                    .thenCompose(created -> created == 1L
                            ? redis.sadd(RedisKeys.GROUPS, group)
                                    .toCompletableFuture()
                                    .thenApply(a -> Creation.CREATED)
                            : giveBack(reserved, ownerId, group).thenApply(r -> Creation.NAME_TAKEN));
        });
    }

    /** Reserves the place in the user's set of groups, then joins in the group's slot; a refusal gives it back. */
    @Override
    public CompletableFuture<Membership> join(String group, int userId, GroupCaps caps) {
        requireNonNull(group, "group");
        requireNonNull(caps, "caps");
        return reserve(userId, group, caps).thenCompose(reserved -> {
            if (reserved == Reservation.TOO_MANY_GROUPS) {
                return CompletableFuture.completedFuture(Membership.TOO_MANY_GROUPS);
            }
            return logs.inTurn(() -> scripts.<String>run(
                            Script.JOIN,
                            ScriptOutputType.VALUE,
                            groupKeys(group),
                            Integer.toString(userId),
                            Integer.toString(caps.membersPerGroup())))
                    .thenApply(Membership::valueOf)
                    .thenCompose(result -> result == Membership.JOINED
                            ? CompletableFuture.completedFuture(result)
                            : giveBack(reserved, userId, group).thenApply(r -> result));
        });
    }

    @Override
    public CompletableFuture<Membership> leave(String group, int userId) {
        requireNonNull(group, "group");
        return logs.inTurn(() -> scripts.<String>run(
                        Script.LEAVE, ScriptOutputType.VALUE, groupKeys(group), Integer.toString(userId)))
                .thenApply(Membership::valueOf)
                .thenCompose(result -> result != Membership.LEFT
                        ? CompletableFuture.completedFuture(result)
                        : redis.srem(RedisKeys.groupsOf(userId), group)
                                .toCompletableFuture()
                                .thenApply(r -> result));
    }

    /** What reserve_group.lua answers. */
    private enum Reservation {
        RESERVED,
        LISTED,
        TOO_MANY_GROUPS
    }

    private CompletableFuture<Reservation> reserve(int userId, String group, GroupCaps caps) {
        return scripts.<String>run(
                        Script.RESERVE_GROUP,
                        ScriptOutputType.VALUE,
                        new String[] {RedisKeys.groupsOf(userId)},
                        group,
                        Integer.toString(caps.groupsPerUser()))
                .thenApply(Reservation::valueOf);
    }

    private CompletableFuture<?> giveBack(Reservation reserved, int userId, String group) {
        return reserved == Reservation.RESERVED
                ? redis.srem(RedisKeys.groupsOf(userId), group).toCompletableFuture()
                : CompletableFuture.completedFuture(null);
    }

    /** The keys of a group and its log, as join.lua and leave.lua take them: one hash tag, so one Cluster slot. */
    static String[] groupKeys(String group) {
        String log = Logs.group(group);
        return new String[] {
            RedisKeys.group(group), RedisKeys.members(group), RedisKeys.head(log), RedisKeys.positions(log)
        };
    }

    /** One SMEMBERS, then one SCARD per group, all pipelined: two round trips however many groups. */
    @Override
    public CompletableFuture<List<GroupSummary>> list() {
        return redis.smembers(RedisKeys.GROUPS).toCompletableFuture().thenCompose(names -> {
            List<String> sorted = names.stream().sorted().toList();
            List<CompletableFuture<Long>> counts = new ArrayList<>(sorted.size());
            for (String name : sorted) {
                counts.add(redis.scard(RedisKeys.members(name)).toCompletableFuture());
            }
            return Futures.all(counts).thenApply(sizes -> {
                List<GroupSummary> groups = new ArrayList<>(sorted.size());
                for (int i = 0; i < sorted.size(); i++) {
                    groups.add(new GroupSummary(sorted.get(i), Math.toIntExact(sizes.get(i))));
                }
                return groups;
            });
        });
    }

    /**
     * EXISTS then SMEMBERS, pipelined rather than scripted: Redis runs them in order, a group is created
     * with its owner in one step and never deleted, so "exists" followed by a read of its members is
     * always a state the group really had.
     */
    @Override
    public CompletableFuture<Optional<Set<Integer>>> members(String group) {
        requireNonNull(group, "group");
        CompletableFuture<Long> exists = redis.exists(RedisKeys.group(group)).toCompletableFuture();
        CompletableFuture<Set<String>> members =
                redis.smembers(RedisKeys.members(group)).toCompletableFuture();
        return exists.thenCombine(
                members, (count, ids) -> count == 0 ? Optional.<Set<Integer>>empty() : Optional.of(toIds(ids)));
    }

    @Override
    public CompletableFuture<List<String>> groupsOf(int userId) {
        return redis.smembers(RedisKeys.groupsOf(userId))
                .toCompletableFuture()
                .thenApply(names -> names.stream().sorted().toList());
    }

    static Set<Integer> toIds(Collection<String> ids) {
        return ids.stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
    }
}
