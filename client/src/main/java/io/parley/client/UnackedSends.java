package io.parley.client;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.SendAckMes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A reconnecting client's sends that the server has not acknowledged yet, in the order they were made: what
 * must be sent again, with the same {@code clientMsgId}, after a resume on another node. The server stores a
 * {@code clientMsgId} once, so a send the dead node had stored is only acknowledged again. Confined to the
 * client's event loop.
 */
final class UnackedSends {
    /** One send; identity matters, two sends may share a {@code clientMsgId}. */
    static final class Entry {
        final String clientMsgId;
        final ClientMessage message;
        final CompletableFuture<SendAckMes> future;

        Entry(String clientMsgId, ClientMessage message, CompletableFuture<SendAckMes> future) {
            this.clientMsgId = clientMsgId;
            this.message = message;
            this.future = future;
        }
    }

    private final LinkedHashSet<Entry> entries = new LinkedHashSet<>();

    void add(Entry entry) {
        entries.add(entry);
    }

    int size() {
        return entries.size();
    }

    /** The sends in their original order, to send again. */
    List<Entry> inOrder() {
        return new ArrayList<>(entries);
    }

    /** Settles {@code entry} with the server's acknowledgement or refusal; false when already settled. */
    boolean settle(Entry entry, SendAckMes ack, Throwable error) {
        if (!entries.remove(entry)) {
            return false;
        }
        if (error == null) {
            entry.future.complete(ack);
        } else {
            entry.future.completeExceptionally(error);
        }
        return true;
    }

    /** Fails every send still waiting; the client has stopped. */
    void failAll(Throwable cause) {
        List<Entry> all = inOrder();
        entries.clear();
        all.forEach(e -> e.future.completeExceptionally(cause));
    }
}
