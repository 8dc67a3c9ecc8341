package io.parley.bench;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Counts, at the end of a run, the deliveries that acknowledged messages owed and the ones that never came:
 * for each sender and destination, the acknowledged message numbers minus the ones each recipient saw. Run
 * only once the connections are closed and the event loops have passed a barrier, so nothing changes
 * underneath.
 */
final class Audit {
    /** Who should have received what {@code sender} sent to {@code destination}. */
    interface Recipients {
        List<BenchUser> of(BenchUser sender, int destination);
    }

    /**
     * @param expected deliveries owed
     * @param lost     of those, never received
     * @param examples a few of the lost ones, as "from → to #n", to look for in the server's logs
     */
    record Outcome(long expected, long lost, List<String> examples) {
        static final Outcome NOTHING = new Outcome(0, 0, List.of());

        Outcome {
            examples = List.copyOf(examples);
        }
    }

    private static final int EXAMPLES = 5;

    private Audit() {}

    static Outcome of(List<BenchUser> senders, Recipients recipients) {
        long expected = 0;
        long lost = 0;
        List<String> examples = new ArrayList<>();
        for (BenchUser sender : senders) {
            for (Map.Entry<Integer, BitSet> sent : sender.sent.acknowledged().entrySet()) {
                BitSet acknowledged = sent.getValue();
                for (BenchUser recipient : recipients.of(sender, sent.getKey())) {
                    BitSet missing = (BitSet) acknowledged.clone();
                    missing.andNot(recipient.inbox.seenFrom(sender.index));
                    expected += acknowledged.cardinality();
                    lost += missing.cardinality();
                    for (int n = missing.nextSetBit(0);
                            n >= 0 && examples.size() < EXAMPLES;
                            n = missing.nextSetBit(n + 1)) {
                        examples.add("user " + sender.id + " -> user " + recipient.id + " #" + n
                                + (sent.getKey() == SentLedger.EVERYONE ? " (broadcast)" : ""));
                    }
                }
            }
        }
        return new Outcome(expected, lost, examples);
    }
}
