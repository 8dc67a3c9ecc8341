package io.parley.server.service;

import io.parley.server.store.StoredMessage;
import java.util.Map;
import java.util.Set;

/** What other nodes tell this one, and what the cluster layer asks of it; safe to call from any thread. */
public interface PeerEvents {
    /** A message another node stored: hand it to this node's sessions that should get it. */
    void message(StoredMessage message);

    /** {@code userId} came online somewhere (it had no session anywhere before). */
    void online(int userId);

    /** {@code userId} has no session anywhere any more, as far as the shared store knows. */
    void offline(int userId);

    /** On another node, {@code userId} logged out everywhere or changed its password: end its older sessions here. */
    void sessionsRevoked(int userId, long epoch);

    /** Another node changed the members of {@code group}. */
    void membersChanged(String group);

    /**
     * Messages from other nodes may have been missed (the link to them was down): every session reads what it
     * has not had yet from the store, and the online list is replaced by {@code online}, the store's view,
     * with notices for the differences.
     */
    void missedEvents(Set<Integer> online);

    /** The users with sessions on this node and how many each: what the shared store should record for it. */
    Map<Integer, Integer> sessionCounts();
}
