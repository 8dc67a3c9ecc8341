package io.parley.server.service;

import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.server.store.PresenceStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is connected to this node, by user, who is online in the whole system, and the online/offline notices
 * that follow from it. A user is online while any of its sessions, on any node, is; the shared
 * {@link PresenceStore} is told of every change here, and other nodes' changes arrive as {@link PeerEvents}.
 *
 * <p>The online set is this node's view: its own users at once, other nodes' users as their notices arrive.
 * A node announces a user's arrival to its own sessions when the user enters that view, and its departure
 * when it leaves it — after the store confirms that the last session anywhere has gone.
 *
 * <p>Notices follow the presence policy of docs/protocol.md: while at most {@code broadcastLimit} users are
 * online every session hears every change, as in the tutorial; above it only the sessions watching a user do,
 * so a login costs O(watchers) rather than O(online) and N logins never cost O(N²) notices.
 */
final class Presence {
    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    /**
     * This node's sessions by user. Each set is immutable and replaced inside {@code compute}: most users have
     * one session, and a one-element set costs 24 bytes where a concurrent set cost about 200 per user.
     */
    private final ConcurrentMap<Integer, Set<ClientSession>> byUser = new ConcurrentHashMap<>();
    /** Users online anywhere, sorted so that the online list pages in a stable order. */
    private final ConcurrentSkipListSet<Integer> online = new ConcurrentSkipListSet<>();
    /**
     * The size of {@link #online}, kept beside it: the set counts itself by walking every element, and every
     * login anywhere in the cluster asks (the presence policy depends on it).
     */
    private final AtomicInteger onlineCount = new AtomicInteger();
    /** Per local user, done once other nodes' messages for it reach this node. */
    private final ConcurrentMap<Integer, CompletableFuture<Void>> followed = new ConcurrentHashMap<>();
    /** watched userId -> the sessions watching it */
    private final ConcurrentMap<Integer, Set<ClientSession>> watchers = new ConcurrentHashMap<>();

    private final PresenceStore store;
    private final Peers peers;
    private final String nodeId;
    private final int broadcastLimit;

    Presence(PresenceStore store, Peers peers, String nodeId, int broadcastLimit) {
        this.store = store;
        this.peers = peers;
        this.nodeId = nodeId;
        this.broadcastLimit = broadcastLimit;
    }

    /**
     * Registers a logged-in session, and announces its user when it was not online anywhere before; on the
     * session's executor. Returns what completes once messages from other nodes reach the session.
     */
    CompletableFuture<Void> add(ClientSession session) {
        int userId = session.userId();
        // Boxed once for every map and set that keys on it: an Integer each would cost 16 bytes per online user.
        Integer key = userId;
        byUser.compute(key, (id, sessions) -> {
            if (sessions == null) {
                // Inside compute, so that a second session of the user, on another loop, finds the subscription
                // already asked for and waits for it too; follow() only hands a command to Lettuce.
                followed.put(id, peers.follow(id));
                return Set.of(session);
            }
            return with(sessions, session);
        });
        store.connect(userId, nodeId).exceptionally(e -> warn("connect", session, e));
        online(key);
        return followed.getOrDefault(userId, CompletableFuture.completedFuture(null));
    }

    /** Unregisters a session; its user is announced offline once the store says no session is left anywhere. */
    void remove(ClientSession session) {
        int userId = session.userId();
        boolean[] removed = {false, false};
        byUser.computeIfPresent(userId, (id, sessions) -> {
            removed[0] = sessions.contains(session);
            if (!removed[0]) {
                return sessions;
            }
            if (sessions.size() == 1) {
                removed[1] = true;
                followed.remove(id);
                peers.unfollow(id);
                return null;
            }
            return without(sessions, session);
        });
        if (!removed[0]) {
            return;
        }
        boolean lastHere = removed[1];
        // The callback handles both outcomes; nothing else waits for the chain.
        var unused = store.disconnect(userId, nodeId).whenComplete((lastAnywhere, error) -> {
            if (error != null) {
                // The store is away; this node's record of the user is repaired once it is back (a resync).
                warn("disconnect", session, error);
            }
            if (lastHere && (error != null || lastAnywhere)) {
                offline(userId);
            }
        });
    }

    /** A copy of {@code sessions} with {@code session}: the sets in {@link #byUser} are never changed in place. */
    private static Set<ClientSession> with(Set<ClientSession> sessions, ClientSession session) {
        if (sessions.contains(session)) {
            return sessions;
        }
        List<ClientSession> all = new ArrayList<>(sessions.size() + 1);
        all.addAll(sessions);
        all.add(session);
        return Set.copyOf(all);
    }

    private static Set<ClientSession> without(Set<ClientSession> sessions, ClientSession session) {
        List<ClientSession> rest = new ArrayList<>(sessions);
        rest.remove(session);
        return Set.copyOf(rest);
    }

    /** Another node's user came online. */
    void online(Integer userId) {
        if (online.add(userId)) {
            onlineCount.incrementAndGet();
            announce(userId, NotifyUserStatusMes.ONLINE);
        }
    }

    /** A user has no session anywhere, unless this node still has one (its record is then repaired by a resync). */
    void offline(int userId) {
        if (!byUser.containsKey(userId) && online.remove(userId)) {
            onlineCount.decrementAndGet();
            announce(userId, NotifyUserStatusMes.OFFLINE);
        }
    }

    /** Replaces the view of who is online with {@code others} plus this node's users, announcing the differences. */
    void replaceOnline(Set<Integer> others) {
        for (Integer id : others) {
            online(id);
        }
        for (Integer id : online) {
            if (!others.contains(id)) {
                offline(id);
            }
        }
    }

    Map<Integer, Integer> sessionCounts() {
        Map<Integer, Integer> counts = new HashMap<>();
        byUser.forEach((id, sessions) -> {
            if (!sessions.isEmpty()) {
                counts.put(id, sessions.size());
            }
        });
        return counts;
    }

    /** This node's sessions of {@code userId}. */
    Collection<ClientSession> sessionsOf(int userId) {
        Set<ClientSession> sessions = byUser.get(userId);
        return sessions == null ? List.of() : sessions;
    }

    /** Every session on this node. */
    List<ClientSession> localSessions() {
        return everyoneBut(0);
    }

    boolean isOnline(int userId) {
        return online.contains(userId);
    }

    int count() {
        return onlineCount.get();
    }

    /** Online ids ascending, from {@code offset}, at most {@code limit}. */
    List<Integer> page(int offset, int limit) {
        List<Integer> ids = new ArrayList<>(Math.min(limit, count()));
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

    /** Every session on this node except those of {@code exceptUserId}. */
    List<ClientSession> everyoneBut(int exceptUserId) {
        List<ClientSession> all = new ArrayList<>(byUser.size());
        byUser.forEach((id, sessions) -> {
            if (id != exceptUserId) {
                all.addAll(sessions);
            }
        });
        return all;
    }

    /** Tells this node's sessions the policy names that {@code userId} changed status; never the user itself (seed rule 3). */
    void announce(int userId, int status) {
        Collection<ClientSession> audience;
        if (count() <= broadcastLimit) {
            audience = everyoneBut(userId);
        } else {
            audience = watchers.getOrDefault(userId, Set.of());
        }
        SharedMessage notice = new SharedMessage(new NotifyUserStatusMes(userId, status));
        // Unhurried: a burst of logins reaches each online user as a few notices per write, not one write each.
        Fanout.each(audience, s -> {
            if (s.state() == SessionState.AUTHENTICATED && s.userId() != userId) {
                s.sendUnhurried(notice);
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
