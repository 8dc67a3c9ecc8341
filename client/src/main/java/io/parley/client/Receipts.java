package io.parley.client;

import io.parley.protocol.message.AckMes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chat messages this client has already handed to its listener, and which receipts it still owes
 * the server. Sequence numbers grow within a log, so remembering the highest one delivered per log is
 * enough to recognise any redelivery, in memory bounded by the number of logs rather than messages.
 * Confined to the client's event loop.
 */
final class Receipts {
    private final Map<String, Long> delivered = new HashMap<>();
    private final Map<String, Long> owed = new HashMap<>();

    /**
     * Records that message {@code seq} of {@code log} arrived; true when it is new and should be
     * delivered. A duplicate is still acknowledged again: the server resent it because it never saw the
     * receipt.
     */
    boolean accept(String log, long seq) {
        owed.merge(log, seq, Math::max);
        Long last = delivered.get(log);
        if (last != null && seq <= last) {
            return false;
        }
        delivered.put(log, seq);
        return true;
    }

    /** One cumulative receipt per log that received something since the last call. */
    List<AckMes> drain() {
        if (owed.isEmpty()) {
            return List.of();
        }
        List<AckMes> acks = new ArrayList<>(owed.size());
        owed.forEach((log, seq) -> acks.add(new AckMes(log, seq)));
        owed.clear();
        return acks;
    }

    /** Forgets everything; another user's logs start over. */
    void reset() {
        delivered.clear();
        owed.clear();
    }
}
