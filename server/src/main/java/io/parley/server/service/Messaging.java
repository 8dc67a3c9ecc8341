package io.parley.server.service;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.store.Appended;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.Logs;
import io.parley.server.store.MessageStore;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoredMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending chat messages: check, store durably, acknowledge to the sender, hand to the recipients. The
 * sender is always the session's authenticated user, whatever the request claims.
 */
final class Messaging {
    private static final Logger log = LoggerFactory.getLogger(Messaging.class);

    private final MessageStore messages;
    private final UserDirectory users;
    private final GroupDirectory groups;
    private final Presence presence;
    private final Delivery delivery;
    private final Peers peers;
    private final int maxContentLength;
    private final RateGate rates;
    private final InboxQuota inboxQuota;
    private final FrameBudget budget;

    Messaging(
            MessageStore messages,
            UserDirectory users,
            GroupDirectory groups,
            Presence presence,
            Delivery delivery,
            Peers peers,
            int maxContentLength,
            RateGate rates,
            InboxQuota inboxQuota,
            FrameBudget budget) {
        this.messages = messages;
        this.users = users;
        this.groups = groups;
        this.presence = presence;
        this.delivery = delivery;
        this.peers = peers;
        this.maxContentLength = maxContentLength;
        this.rates = rates;
        this.inboxQuota = inboxQuota;
        this.budget = budget;
    }

    void sendPrivate(ClientSession session, PrivateSend request) {
        String type = WireTypes.nameOf(request);
        if (!rates.allowMessage(session, type, request.clientMsgId())
                || !contentFits(session, request.content(), type, request.clientMsgId())) {
            return;
        }
        inOrder(
                session,
                () -> users.exists(request.toUserId()).handle((exists, error) -> {
                    if (error != null) {
                        storeFailed(session, type, request.clientMsgId(), error);
                    } else if (!exists) {
                        Replies.refuse(session, StatusCode.NOT_FOUND, "no such user: " + request.toUserId(), request);
                    } else {
                        NewMessage m = new NewMessage(
                                Logs.inbox(request.toUserId()),
                                session.userId(),
                                session.userName(),
                                request.toUserId(),
                                null,
                                request.content(),
                                request.clientMsgId(),
                                System.currentTimeMillis());
                        store(session, type, m);
                    }
                    return null;
                }));
    }

    void sendGroup(ClientSession session, GroupSend request) {
        String type = WireTypes.nameOf(request);
        if (!rates.allowMessage(session, type, request.clientMsgId())
                || !contentFits(session, request.content(), type, request.clientMsgId())) {
            return;
        }
        inOrder(
                session,
                () -> groups.members(request.group()).handle((found, error) -> {
                    if (error != null) {
                        storeFailed(session, type, request.clientMsgId(), error);
                    } else if (found.isEmpty()) {
                        Replies.refuse(session, StatusCode.NOT_FOUND, "no such group: " + request.group(), request);
                    } else if (!found.get().contains(session.userId())) {
                        Replies.refuse(
                                session, StatusCode.FORBIDDEN, "you are not a member of " + request.group(), request);
                    } else {
                        NewMessage m = new NewMessage(
                                Logs.group(request.group()),
                                session.userId(),
                                session.userName(),
                                0,
                                request.group(),
                                request.content(),
                                request.clientMsgId(),
                                System.currentTimeMillis());
                        store(session, type, m);
                    }
                    return null;
                }));
    }

    /** The seed's group chat: to everyone online but the sender; stored, though never replayed. */
    void broadcast(ClientSession session, SmsMes request) {
        String type = WireTypes.nameOf(SmsMes.class);
        String clientMsgId = session.extended() ? request.clientMsgId() : null;
        if (!rates.allowMessage(session, type, clientMsgId)
                || !contentFits(session, request.content(), type, request.clientMsgId())) {
            return;
        }
        NewMessage m = new NewMessage(
                Logs.ALL,
                session.userId(),
                session.userName(),
                0,
                null,
                request.content(),
                clientMsgId,
                System.currentTimeMillis());
        inOrder(session, () -> {
            store(session, type, m);
            return CompletableFuture.completedFuture(null);
        });
    }

    /**
     * Runs {@code step} once this session's previous send has reached the store. A send may first wait for a
     * lookup (does the user exist, who is in the group); without this, a later message whose lookup was
     * answered from memory could be stored before an earlier one still waiting, and one sender's messages
     * would reach the log out of the order it sent them. On the session's executor.
     */
    private static void inOrder(ClientSession session, Supplier<CompletableFuture<?>> step) {
        CompletableFuture<?> previous = session.lastSend();
        CompletableFuture<?> next = previous.isDone()
                ? step.get()
                : previous.handle((ignored, error) -> null).thenCompose(ignored -> step.get());
        // Counted from arrival until handed to the store; from there store() counts it until it is stored.
        session.lastSend(session.track(next));
    }

    /**
     * Appends, then on the store's completion thread — which completes appends to one log in order — hands the
     * message to this node's recipients (in a cluster the store announced it, and the announcement brings it back
     * to this node too), and acknowledges to the sender. A resend of a stored clientMsgId is acknowledged again but not delivered again.
     */
    private void store(ClientSession session, String type, NewMessage m) {
        // The callback handles both outcomes; nothing else waits for the chain.
        CompletableFuture<Appended> appending = session.track(messages.append(m, inboxQuota));
        var unused = appending.whenComplete((appended, error) -> {
            if (error != null) {
                storeFailed(session, type, m.clientMsgId(), error);
                return;
            }
            if (appended.overQuota()) {
                Replies.error(
                        session,
                        StatusCode.QUOTA_EXCEEDED,
                        "not stored: user " + m.toUserId() + " has as many unread messages waiting as they may have",
                        type,
                        null,
                        m.clientMsgId());
                return;
            }
            StoredMessage stored = appended.message();
            if (!appended.duplicate() && !peers.hearsOwnMessages()) {
                deliverHere(stored);
            }
            if (session.extended()) {
                session.send(new SendAckMes(m.clientMsgId(), stored.msgId(), stored.sentAt(), appended.duplicate()));
            }
        });
    }

    /**
     * Hands a stored message to this node's sessions that should get it: a private message to its recipient's,
     * a group message to its members' (the sender's own too: they show nothing for it, but it keeps their view
     * of the group's seqs without gaps), a broadcast to everyone's but the sender's.
     */
    void deliverHere(StoredMessage m) {
        if (Logs.ALL.equals(m.log())) {
            delivery.push(presence.everyoneBut(m.fromUserId()), m);
        } else if (Logs.isGroup(m.log())) {
            // The callback handles both outcomes; nothing else waits for the chain.
            var unused = groups.members(m.group()).whenComplete((found, error) -> {
                if (error != null) {
                    log.warn(
                            "members of {} unknown, {} #{} not pushed live: {}",
                            m.group(),
                            m.log(),
                            m.seq(),
                            error.toString());
                    return;
                }
                List<ClientSession> online = new ArrayList<>();
                found.ifPresent(members -> members.forEach(member -> online.addAll(presence.sessionsOf(member))));
                delivery.push(online, m);
            });
        } else {
            delivery.push(presence.sessionsOf(m.toUserId()), m);
        }
    }

    /**
     * A receipt moves the user's read position in its own inbox, or in a group it is a member of (the store
     * clamps it to the log's head). A receipt for any other group is dropped without a reply: a client may
     * well acknowledge a group it has just left, and an error for that would be noise; what matters is that it
     * stores nothing.
     */
    void acknowledge(ClientSession session, AckMes ack) {
        int userId = session.userId();
        String logName = Logs.fromWire(ack.log(), userId);
        String group = LogNames.groupOf(ack.log());
        if (group == null) {
            // acknowledge never fails (it logs), and track only counts the request.
            var unused = session.track(delivery.acknowledge(userId, logName, ack.seq()));
            return;
        }
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = session.track(groups.members(group)).whenComplete((found, error) -> {
            if (error != null) {
                log.warn(
                        "receipt of {} #{} from {} dropped: members unknown: {}",
                        ack.log(),
                        ack.seq(),
                        session,
                        error.toString());
            } else if (found.isPresent() && found.get().contains(userId)) {
                // acknowledge never fails (it logs), and track only counts the request.
                var unusedAck = session.track(delivery.acknowledge(userId, logName, ack.seq()));
            } else {
                log.debug("receipt of {} from {}, not a member, dropped", ack.log(), session);
            }
        });
    }

    /**
     * The newest messages before {@code beforeSeq}, as many as asked for and fit in one frame: a client pages
     * back from the oldest one it got, whatever the page held.
     */
    void history(ClientSession session, HistoryMes request) {
        String group = LogNames.groupOf(request.log());
        CompletableFuture<StatusCode> allowed = group == null
                ? CompletableFuture.completedFuture(StatusCode.OK)
                : groups.members(group)
                        .thenApply(m -> m.isEmpty()
                                ? StatusCode.NOT_FOUND
                                : m.get().contains(session.userId()) ? StatusCode.OK : StatusCode.FORBIDDEN);
        session.track(allowed.thenCompose(verdict -> {
                    if (verdict != StatusCode.OK) {
                        Replies.refuse(
                                session,
                                verdict,
                                verdict == StatusCode.NOT_FOUND
                                        ? "no such group: " + group
                                        : "you are not a member of " + group,
                                request);
                        return CompletableFuture.completedFuture(null);
                    }
                    String logName = Logs.fromWire(request.log(), session.userId());
                    return messages.readBefore(logName, request.beforeSeq(), request.limit())
                            .thenAccept(found -> {
                                HistoryResMes empty = new HistoryResMes(request.reqId(), request.log(), List.of());
                                session.send(new HistoryResMes(
                                        request.reqId(), request.log(), budget.newest(empty, items(found))));
                            });
                }))
                .exceptionally(error -> {
                    Replies.logStoreFailure(log, session, WireTypes.nameOf(request), error);
                    // With its reqId, so that the client's pending request fails now instead of timing out.
                    Replies.refuse(
                            session,
                            StatusCode.UNAVAILABLE,
                            "history unavailable: the store is unavailable, try again",
                            request);
                    return null;
                });
    }

    private static List<ChatItem> items(List<StoredMessage> found) {
        return found.stream()
                .map(m -> new ChatItem(
                        m.msgId(),
                        m.seq(),
                        m.fromUserId(),
                        m.fromUserName(),
                        m.toUserId(),
                        m.group(),
                        m.content(),
                        m.sentAt()))
                .toList();
    }

    private boolean contentFits(ClientSession session, String content, String type, String clientMsgId) {
        if (content.isEmpty()) {
            Replies.error(session, StatusCode.BAD_REQUEST, "content must not be empty", type, null, clientMsgId);
            return false;
        }
        // UTF-8 takes at most 3 bytes per char, so a short text cannot be over the limit and is not measured.
        int bytes = content.length() > maxContentLength / 3 ? content.getBytes(StandardCharsets.UTF_8).length : 0;
        if (bytes > maxContentLength) {
            Replies.error(
                    session,
                    StatusCode.TOO_LARGE,
                    "content is " + bytes + " bytes; the limit is " + maxContentLength,
                    type,
                    null,
                    clientMsgId);
            return false;
        }
        return true;
    }

    private static void storeFailed(ClientSession session, String type, String clientMsgId, Throwable error) {
        Replies.logStoreFailure(log, session, type, error);
        Replies.error(
                session,
                StatusCode.UNAVAILABLE,
                "message not stored: the store is unavailable, send it again",
                type,
                null,
                clientMsgId);
    }
}
