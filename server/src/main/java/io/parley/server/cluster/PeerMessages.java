package io.parley.server.cluster;

import io.parley.server.store.StoredMessage;
import io.parley.server.store.redis.StoredMessageJson;

/**
 * What a node publishes: {@code <nodeId> <payload>}. The sender's node id comes first so that a node can skip
 * what it published itself — it handed that to its own sessions already, before publishing.
 */
final class PeerMessages {
    private PeerMessages() {
    }

    static String message(String nodeId, StoredMessage message) {
        return nodeId + ' ' + StoredMessageJson.encode(message);
    }

    static String text(String nodeId, String text) {
        return nodeId + ' ' + text;
    }

    /** The node id of a published payload, or null when the payload has none. */
    static String origin(String payload) {
        int space = payload.indexOf(' ');
        return space <= 0 ? null : payload.substring(0, space);
    }

    static String body(String payload) {
        return payload.substring(payload.indexOf(' ') + 1);
    }

    static StoredMessage storedMessage(String payload) {
        return StoredMessageJson.decode(body(payload));
    }
}
