package io.parley.server.cluster;

import io.parley.server.store.StoredMessage;
import io.parley.server.store.redis.StoredMessageJson;

/**
 * What goes over the channels: {@code <nodeId> <body>}, the publishing node first. Stored messages are published
 * in this form by write_logs.lua (the body is the stored JSON); member changes by {@link #text}, and a node skips
 * its own, having updated its cache already.
 */
final class PeerMessages {
    private PeerMessages() {}

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
