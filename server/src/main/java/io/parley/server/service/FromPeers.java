package io.parley.server.service;

import io.parley.server.store.StoredMessage;
import java.util.Map;
import java.util.Set;

/** Applies what other nodes say to this node's sessions. */
final class FromPeers implements PeerEvents {
    private final Presence presence;
    private final GroupDirectory groups;
    private final Messaging messaging;
    private final Delivery delivery;
    private final Credentials credentials;

    FromPeers(
            Presence presence, GroupDirectory groups, Messaging messaging, Delivery delivery, Credentials credentials) {
        this.presence = presence;
        this.groups = groups;
        this.messaging = messaging;
        this.delivery = delivery;
        this.credentials = credentials;
    }

    @Override
    public void sessionsRevoked(int userId, long epoch) {
        credentials.revoked(userId, epoch);
    }

    @Override
    public void message(StoredMessage message) {
        messaging.deliverHere(message);
    }

    @Override
    public void online(int userId) {
        presence.online(userId);
    }

    @Override
    public void offline(int userId) {
        presence.offline(userId);
    }

    @Override
    public void membersChanged(String group) {
        groups.invalidate(group);
    }

    @Override
    public void missedEvents(Set<Integer> online) {
        presence.replaceOnline(online);
        presence.localSessions().forEach(delivery::catchUp);
    }

    @Override
    public Map<Integer, Integer> sessionCounts() {
        return presence.sessionCounts();
    }
}
