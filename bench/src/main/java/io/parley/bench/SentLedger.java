package io.parley.bench;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What one simulated user has sent: the next number per destination (a user index, a group index, or
 * {@link #EVERYONE}) and one bit per message the server acknowledged, which is all the audit needs to count
 * losses exactly. Confined to the user's event loop while the run lasts.
 */
final class SentLedger {
    /** The destination of broadcasts. */
    static final int EVERYONE = -1;

    private static final class Destination {
        final BitSet acknowledged = new BitSet();
        int sent;
    }

    private final Map<Integer, Destination> destinations = new HashMap<>();
    /** Messages sent and neither acknowledged nor failed yet. */
    int inFlight;
    /** The sender has nothing more to send, or can no longer send. */
    boolean finished;

    /** The number of the next message to {@code destination}: 1, 2, 3… */
    int next(int destination) {
        return ++destinations.computeIfAbsent(destination, d -> new Destination()).sent;
    }

    void acknowledged(int destination, int n) {
        destinations.get(destination).acknowledged.set(n);
    }

    /** Acknowledged message numbers by destination; do not modify. */
    Map<Integer, BitSet> acknowledged() {
        Map<Integer, BitSet> all = new HashMap<>();
        destinations.forEach((d, dest) -> all.put(d, dest.acknowledged));
        return all;
    }
}
