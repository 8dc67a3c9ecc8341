package io.parley.bench;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one simulated user has received, checked against the delivery contract as it arrives: each
 * sender's messages once and in the order sent, and each log's messages in {@code seq} order. Confined to
 * the user's event loop while the run lasts; read by the audit afterwards.
 */
final class Inbox {
    /** What one arrival was. */
    enum Verdict {
        /** First time, in order. */
        NEW,
        /** First time, but after a message its sender sent later (the log's seq order was kept). */
        OUT_OF_SEND_ORDER,
        /** First time, but with a seq not above one already received from the same log. */
        OUT_OF_LOG_ORDER,
        /** Seen before. */
        DUPLICATE
    }

    private static final class Stream {
        final BitSet seen = new BitSet();
        int highest;
    }

    private static final BitSet NOTHING = new BitSet();

    private final Map<Integer, Stream> bySender = new HashMap<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    /** Broadcasts heard in a listening process, by msgId, and the latest msgId from each sender; made on first use. */
    private Set<Long> broadcasts;

    private Map<Integer, Long> lastBroadcast;

    /**
     * Records message {@code n} from sender {@code sender}, stored at {@code seq} of {@code log} (a null log
     * for messages outside any log).
     */
    Verdict accept(int sender, int n, String log, long seq) {
        Stream stream = bySender.computeIfAbsent(sender, s -> new Stream());
        if (stream.seen.get(n)) {
            return Verdict.DUPLICATE;
        }
        stream.seen.set(n);
        boolean sendOrder = n > stream.highest;
        if (sendOrder) {
            stream.highest = n;
        }
        if (log != null) {
            Long last = lastSeq.get(log);
            if (last != null && seq <= last) {
                return Verdict.OUT_OF_LOG_ORDER;
            }
            lastSeq.put(log, seq);
        }
        return sendOrder ? Verdict.NEW : Verdict.OUT_OF_SEND_ORDER;
    }

    /**
     * Records broadcast {@code msgId} from user {@code fromUserId}, in a process that did not send it and so
     * knows it by the server's msgId only. A sender's broadcasts must come in msgId order, since the server
     * numbers them as it stores them, one after the other.
     */
    Verdict acceptBroadcast(int fromUserId, long msgId) {
        if (broadcasts == null) {
            broadcasts = new HashSet<>();
            lastBroadcast = new HashMap<>();
        }
        if (!broadcasts.add(msgId)) {
            return Verdict.DUPLICATE;
        }
        Long last = lastBroadcast.get(fromUserId);
        if (last != null && msgId < last) {
            return Verdict.OUT_OF_LOG_ORDER;
        }
        lastBroadcast.put(fromUserId, msgId);
        return Verdict.NEW;
    }

    /** The numbers received from {@code sender}; do not modify. */
    BitSet seenFrom(int sender) {
        Stream stream = bySender.get(sender);
        return stream == null ? NOTHING : stream.seen;
    }
}
