package io.parley.server.service;

import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.server.store.PresenceStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is connected to this node, by user, and the online/offline notices that follow from it. A user is
 * online while any of its sessions is; the shared {@link PresenceStore} is told of every change so that
 * other processes can see it.
 *
 * <p>Notices follow the presence policy of docs/protocol.md: while at most {@code broadcastLimit} users are
 * online every session hears every change, as in the tutorial; above it only the sessions watching a user do,
 * so a login costs O(watchers) rather than O(online) and N logins never cost O(N²) notices.
 */
final class Presence {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final ConcurrentMap<Integer, Set<ClientSession>> byUser = new ConcurrentHashMap<>();
    /** Sorted, so that the online list pages in a stable order. */
    private final ConcurrentSkipListSet<Integer> online = new ConcurrentSkipListSet<>();
    /** watched userId -> the sessions watching it */
    private final ConcurrentMap<Integer, Set<ClientSession>> watchers = new ConcurrentHashMap<>();
    private final PresenceStore store;
    private final String nodeId;
    private final int broadcastLimit;

    Presence(PresenceStore store, String nodeId, int broadcastLimit) {
        this.store = store;
        this.nodeId = nodeId;
        this.broadcastLimit = broadcastLimit;
    }

    /** Registers a logged-in session; true when it is its user's first. */
    boolean add(ClientSession session) {
        boolean[] first = {false};
        byUser.compute(session.userId(), (id, sessions) -> {
            if (sessions == null) {
                sessions = ConcurrentHashMap.newKeySet();
                first[0] = true;
                online.add(id);
            }
            sessions.add(session);
            return sessions;
        });
        store.connect(session.userId(), nodeId).exceptionally(e -> warn("connect", session, e));
        return first[0];
    }

    /** Unregisters a session; true when it was its user's last. */
    boolean remove(ClientSession session) {
        boolean[] last = {false};
        byUser.computeIfPresent(session.userId(), (id, sessions) -> {
            if (!sessions.remove(session)) {
                return sessions;
            }
            store.disconnect(id, nodeId).exceptionally(e -> warn("disconnect", session, e));
            if (sessions.isEmpty()) {
                last[0] = true;
                online.remove(id);
                return null;
            }
            return sessions;
        });
        return last[0];
    }

    Collection<ClientSession> sessionsOf(int userId) {
        Set<ClientSession> sessions = byUser.get(userId);
        return sessions == null ? List.of() : sessions;
    }

    boolean isOnline(int userId) {
        return online.contains(userId);
    }

    int count() {
        return online.size();
    }

    /** Online ids ascending, from {@code offset}, at most {@code limit}. */
    List<Integer> page(int offset, int limit) {
        List<Integer> ids = new ArrayList<>(Math.min(limit, online.size()));
        int i = 0;
        for (Integer id : online) {
            if (i++ < offset) {
                continue;
            }
            if (ids.size() == limit) {
                break;
            }
            ids.add(id);
        }
        return ids;
    }

    /** Every logged-in session except those of {@code exceptUserId}. */
    List<ClientSession> everyoneBut(int exceptUserId) {
        List<ClientSession> all = new ArrayList<>(byUser.size());
        byUser.forEach((id, sessions) -> {
            if (id != exceptUserId) {
                all.addAll(sessions);
            }
        });
        return all;
    }

    /** Tells the sessions the policy names that {@code userId} changed status; never the user itself (seed rule 3). */
    void announce(int userId, int status) {
        Collection<ClientSession> audience;
        if (online.size() <= broadcastLimit) {
            audience = everyoneBut(userId);
        } else {
            audience = watchers.getOrDefault(userId, Set.of());
        }
        SharedMessage notice = new SharedMessage(new NotifyUserStatusMes(userId, status));
        Fanout.each(audience, s -> {
            if (s.state() == SessionState.AUTHENTICATED && s.userId() != userId) {
                s.send(notice);
            }
        });
    }

    /** Replaces the users {@code session} watches; on its executor. Returns those of them online now. */
    List<Integer> watch(ClientSession session, Set<Integer> userIds) {
        unwatch(session);
        session.watching(Set.copyOf(userIds));
        for (Integer id : userIds) {
            watchers.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(session);
        }
        return userIds.stream().filter(online::contains).sorted().toList();
    }

    /** Forgets what {@code session} watches, as when it ends. */
    void unwatch(ClientSession session) {
        for (Integer id : session.watching()) {
            watchers.computeIfPresent(id, (k, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
        session.watching(Set.of());
    }

    private static Boolean warn(String what, ClientSession session, Throwable e) {
        log.warn("presence {} failed for {}: {}", what, session, e.toString());
        return false;
    }
}
