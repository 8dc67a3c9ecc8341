package io.parley.server.service;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupLeaveMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.Request;
import io.parley.protocol.message.StatusCode;
import io.parley.server.store.Membership;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating, joining, leaving and listing groups; lists are answered a page at a time (docs/protocol.md). */
final class GroupRequests {
    private static final Logger log = LoggerFactory.getLogger(GroupRequests.class);
    private static final String TOO_MANY_GROUPS = "you are in as many groups as you may be; leave one first";

    private final GroupDirectory groups;
    private final Presence presence;
    private final Delivery delivery;
    private final FrameBudget budget;

    GroupRequests(GroupDirectory groups, Presence presence, Delivery delivery, FrameBudget budget) {
        this.groups = groups;
        this.presence = presence;
        this.delivery = delivery;
        this.budget = budget;
    }

    void create(ClientSession session, GroupCreateMes request) {
        reply(
                session,
                request,
                delivery.create(session, request.group(), () -> groups.create(request.group(), session.userId())),
                created -> {
                    switch (created) {
                        case CREATED -> {
                            log.info("user {} created group {}", session.userId(), request.group());
                            session.send(ok(request, request.group()));
                        }
                        case NAME_TAKEN ->
                            Replies.refuse(
                                    session,
                                    StatusCode.CONFLICT,
                                    "group " + request.group() + " already exists",
                                    request);
                        case TOO_MANY_GROUPS ->
                            Replies.refuse(session, StatusCode.QUOTA_EXCEEDED, TOO_MANY_GROUPS, request);
                    }
                });
    }

    void join(ClientSession session, GroupJoinMes request) {
        reply(
                session,
                request,
                delivery.join(session, request.group(), () -> groups.join(request.group(), session.userId())),
                result -> membership(session, request, request.group(), result));
    }

    void leave(ClientSession session, GroupLeaveMes request) {
        reply(
                session,
                request,
                groups.leave(request.group(), session.userId()),
                result -> membership(session, request, request.group(), result));
    }

    private static <R extends ClientMessage & Request> void membership(
            ClientSession session, R request, String group, Membership result) {
        switch (result) {
            case JOINED, LEFT -> session.send(ok(request, group));
            case ALREADY_MEMBER ->
                Replies.refuse(session, StatusCode.CONFLICT, "you are already a member of " + group, request);
            case NOT_MEMBER ->
                Replies.refuse(session, StatusCode.CONFLICT, "you are not a member of " + group, request);
            case NO_SUCH_GROUP -> Replies.refuse(session, StatusCode.NOT_FOUND, "no such group: " + group, request);
            case GROUP_FULL ->
                Replies.refuse(
                        session,
                        StatusCode.QUOTA_EXCEEDED,
                        "group " + group + " has as many members as it may have",
                        request);
            case TOO_MANY_GROUPS -> Replies.refuse(session, StatusCode.QUOTA_EXCEEDED, TOO_MANY_GROUPS, request);
        }
    }

    /** The success reply to {@code request}, naming it as a refusal would. */
    private static <R extends ClientMessage & Request> OkMes ok(R request, String group) {
        return new OkMes(WireTypes.nameOf(request), request.reqId(), group);
    }

    /**
     * One page of all groups by name. The page is cut from the whole list the store reads, which keeps it and
     * the total from one read; what bounds the cost of that read is the per-connection request rate.
     */
    void list(ClientSession session, GroupListMes request) {
        CompletableFuture<List<GroupInfo>> infos = groups.store()
                .groupsOf(session.userId())
                .thenCombine(groups.store().list(), (mine, all) -> {
                    Set<String> joined = new HashSet<>(mine);
                    return all.stream()
                            .map(g -> new GroupInfo(g.name(), g.members(), joined.contains(g.name())))
                            .toList();
                });
        reply(session, request, infos, all -> {
            GroupListResMes empty = new GroupListResMes(request.reqId(), request.offset(), all.size(), List.of());
            List<GroupInfo> page = budget.groups(empty, page(all, request.offset(), request.limit()));
            session.send(new GroupListResMes(request.reqId(), request.offset(), all.size(), page));
        });
    }

    /** One page of a group's members, ascending by id, and which of those are online. */
    void members(ClientSession session, GroupMembersMes request) {
        reply(session, request, groups.members(request.group()), found -> {
            if (found.isEmpty()) {
                Replies.refuse(session, StatusCode.NOT_FOUND, "no such group: " + request.group(), request);
                return;
            }
            List<Integer> all = found.get().stream().sorted().toList();
            int fitting = budget.ids(
                    new GroupMembersResMes(
                            request.reqId(), request.group(), request.offset(), all.size(), List.of(), List.of()),
                    2);
            List<Integer> page = page(all, request.offset(), Math.min(request.limit(), fitting));
            List<Integer> online = page.stream().filter(presence::isOnline).toList();
            session.send(new GroupMembersResMes(
                    request.reqId(), request.group(), request.offset(), all.size(), page, online));
        });
    }

    private static <T> List<T> page(List<T> all, int offset, int limit) {
        int from = Math.min(offset, all.size());
        return all.subList(from, from + Math.min(limit, all.size() - from));
    }

    private static <T> void reply(
            ClientSession session, ClientMessage request, CompletableFuture<T> result, Consumer<T> onSuccess) {
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = session.track(result).whenComplete((value, error) -> {
            if (error != null) {
                Replies.logStoreFailure(log, session, WireTypes.nameOf(request), error);
                Replies.refuse(session, StatusCode.UNAVAILABLE, "the store is unavailable, try again", request);
            } else {
                onSuccess.accept(value);
            }
        });
    }
}
