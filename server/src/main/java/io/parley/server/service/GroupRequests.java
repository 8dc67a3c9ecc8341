package io.parley.server.service;

import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupLeaveMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.store.Membership;
import io.parley.server.store.StoreOverloadedException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creating, joining, leaving and listing groups. */
final class GroupRequests {
    private static final Logger log = LoggerFactory.getLogger(GroupRequests.class);

    private final GroupDirectory groups;
    private final Presence presence;
    private final Delivery delivery;

    GroupRequests(GroupDirectory groups, Presence presence, Delivery delivery) {
        this.groups = groups;
        this.presence = presence;
        this.delivery = delivery;
    }

    void create(ClientSession session, GroupCreateMes request) {
        reply(session, "GroupCreateMes", request.reqId(), groups.create(request.group(), session.userId()), created -> {
            if (created) {
                log.info("user {} created group {}", session.userId(), request.group());
                session.send(new OkMes("GroupCreateMes", request.reqId(), request.group()));
            } else {
                Replies.error(session, StatusCode.CONFLICT, "group " + request.group() + " already exists",
                        "GroupCreateMes", request.reqId(), null);
            }
        });
    }

    void join(ClientSession session, GroupJoinMes request) {
        reply(session, "GroupJoinMes", request.reqId(),
                delivery.join(session, request.group(), () -> groups.join(request.group(), session.userId())),
                result -> membership(session, "GroupJoinMes", request.reqId(), request.group(), result));
    }

    void leave(ClientSession session, GroupLeaveMes request) {
        reply(session, "GroupLeaveMes", request.reqId(), groups.leave(request.group(), session.userId()),
                result -> membership(session, "GroupLeaveMes", request.reqId(), request.group(), result));
    }

    private static void membership(ClientSession session, String type, String reqId, String group, Membership result) {
        switch (result) {
            case JOINED, LEFT -> session.send(new OkMes(type, reqId, group));
            case ALREADY_MEMBER -> Replies.error(session, StatusCode.CONFLICT, "you are already a member of " + group,
                    type, reqId, null);
            case NOT_MEMBER -> Replies.error(session, StatusCode.CONFLICT, "you are not a member of " + group,
                    type, reqId, null);
            case NO_SUCH_GROUP -> Replies.error(session, StatusCode.NOT_FOUND, "no such group: " + group,
                    type, reqId, null);
        }
    }

    void list(ClientSession session, GroupListMes request) {
        CompletableFuture<List<GroupInfo>> infos = groups.store().groupsOf(session.userId())
                .thenCombine(groups.store().list(), (mine, all) -> {
                    Set<String> joined = new HashSet<>(mine);
                    return all.stream().map(g -> new GroupInfo(g.name(), g.members(), joined.contains(g.name()))).toList();
                });
        reply(session, "GroupListMes", request.reqId(), infos,
                list -> session.send(new GroupListResMes(request.reqId(), list)));
    }

    void members(ClientSession session, GroupMembersMes request) {
        reply(session, "GroupMembersMes", request.reqId(), groups.members(request.group()), found -> {
            if (found.isEmpty()) {
                Replies.error(session, StatusCode.NOT_FOUND, "no such group: " + request.group(), "GroupMembersMes",
                        request.reqId(), null);
                return;
            }
            List<Integer> all = found.get().stream().sorted().toList();
            List<Integer> online = all.stream().filter(presence::isOnline).toList();
            session.send(new GroupMembersResMes(request.reqId(), request.group(), all, online));
        });
    }

    private static <T> void reply(ClientSession session, String type, String reqId, CompletableFuture<T> result,
                                  Consumer<T> onSuccess) {
        session.track(result).whenComplete((value, error) -> {
            if (error != null) {
                if (StoreOverloadedException.isCause(error)) {
                    log.debug("{} from {} refused: {}", type, session, error.toString());
                } else {
                    log.error("{} from {} failed", type, session, error);
                }
                Replies.error(session, StatusCode.UNAVAILABLE, "the store is unavailable, try again", type, reqId, null);
            } else {
                onSuccess.accept(value);
            }
        });
    }
}
