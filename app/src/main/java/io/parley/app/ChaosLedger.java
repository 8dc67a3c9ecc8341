package io.parley.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a chaos drill sent and what arrived, and the verdict on it (docs/reliability.md, "What counts"). Each
 * message's text names it: {@code kind|sender|target|n}, {@code n} counting the sender's messages on that
 * stream, so a recipient's copy says which message it is and where it belongs in its stream.
 *
 * <ul>
 *   <li><b>Private and group messages are stored before the sender's acknowledgement</b>: every acknowledged one
 *       must reach its recipient (every other member of the group) once, in the order sent. One never
 *       acknowledged (its node died first, the resends too) may or may not have been stored: counted apart.
 *   <li><b>Broadcasts are not stored</b>: only users online at the moment get one, so a user who misses one is
 *       not a loss; its reach is counted. A duplicate or a reorder is still a failure.
 * </ul>
 *
 * Thread-safe: users record from their event loops, the drill from its own threads.
 */
final class ChaosLedger {
    /** The kinds of message a drill sends. */
    enum Kind {
        PRIVATE("p"),
        GROUP("g"),
        BROADCAST("b");

        final String tag;

        Kind(String tag) {
            this.tag = tag;
        }

        static Kind of(String tag) {
            for (Kind k : values()) {
                if (k.tag.equals(tag)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no kind " + tag);
        }
    }

    /** One sent message: its stream ({@code kind|sender|target}) and its place in it. */
    record Sent(Kind kind, int sender, String target, long n) {
        String text() {
            return kind.tag + "|" + sender + "|" + target + "|" + n;
        }

        String stream() {
            return kind.tag + "|" + sender + "|" + target;
        }

        static Sent parse(String text) {
            String[] p = text.split("\\|", -1);
            if (p.length != 4) {
                return null;
            }
            try {
                return new Sent(Kind.of(p[0]), Integer.parseInt(p[1]), p[2], Long.parseLong(p[3]));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** The verdict for one kind. */
    record Tally(
            long sent,
            long acknowledged,
            long unacknowledged,
            long delivered,
            long lost,
            long duplicated,
            long outOfOrder,
            long expected) {
        boolean clean() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0;
        }
    }

    private final Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
    private final Map<Kind, LongAdder> sent = new EnumMap<>(Kind.class);
    /** Per recipient, per stream, what arrived in arrival order (duplicates included). */
    private final Map<Integer, Map<String, List<Arrival>>> arrivals = new ConcurrentHashMap<>();

    private final Map<String, Set<Integer>> groupMembers = new ConcurrentHashMap<>();

    ChaosLedger() {
        for (Kind k : Kind.values()) {
            sent.put(k, new LongAdder());
        }
    }

    /** The members of {@code group}, fixed before the drill starts sending. */
    void members(String group, Set<Integer> members) {
        groupMembers.put(group, Set.copyOf(members));
    }

    void sent(Sent message) {
        sent.get(message.kind()).increment();
        acknowledged.putIfAbsent(message.text(), false);
    }

    void acknowledged(Sent message) {
        acknowledged.put(message.text(), true);
    }

    /**
     * One copy as it reached a recipient: its place in its stream, and for tracing a failure in the nodes' logs,
     * where the server put it ({@code seq} in its log, 0 for a broadcast; {@code msgId}) and over which of the
     * recipient's connections it came ({@code connection}: how many times the client had reconnected).
     */
    record Arrival(long n, long seq, long msgId, long connection, Instant at) {
        @Override
        public String toString() {
            return "#" + n + " (seq " + seq + ", msgId " + msgId + ", connection " + connection + ", at " + at + ")";
        }
    }

    /** A message as a recipient's client delivered it; text that is not a drill's is ignored. */
    void arrived(int recipient, String text) {
        arrived(recipient, text, 0, 0, 0);
    }

    /** Like {@link #arrived(int, String)}, with where the server put it and the connection it came over. */
    void arrived(int recipient, String text, long seq, long msgId, long connection) {
        Sent m = Sent.parse(text);
        if (m == null) {
            return;
        }
        List<Arrival> stream = arrivals.computeIfAbsent(recipient, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(m.stream(), s -> new ArrayList<>());
        synchronized (stream) {
            stream.add(new Arrival(m.n(), seq, msgId, connection, Instant.now()));
        }
    }

    /**
     * Up to {@code max} lines, one per duplicate or reorder, saying which recipient got what after what: where
     * to start reading the nodes' logs. A reorder whose later copy has the lower {@code seq} was stored out of
     * order; one whose copies are in {@code seq} order was delivered out of order.
     */
    List<String> anomalies(int max) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, List<Arrival>>> byRecipient : arrivals.entrySet()) {
            for (Map.Entry<String, List<Arrival>> e : byRecipient.getValue().entrySet()) {
                List<Arrival> got;
                synchronized (e.getValue()) {
                    got = List.copyOf(e.getValue());
                }
                Map<Long, Arrival> seen = new HashMap<>();
                Arrival highest = null;
                for (Arrival a : got) {
                    if (lines.size() >= max) {
                        return lines;
                    }
                    Arrival before = seen.putIfAbsent(a.n(), a);
                    if (before != null) {
                        lines.add("duplicate: user " + byRecipient.getKey() + " got " + e.getKey() + " " + a
                                + " again, first " + before);
                        continue;
                    }
                    if (highest != null && a.n() < highest.n()) {
                        lines.add("out of order: user " + byRecipient.getKey() + " got " + e.getKey() + " " + a
                                + " after " + highest);
                    }
                    if (highest == null || a.n() > highest.n()) {
                        highest = a;
                    }
                }
            }
        }
        return lines;
    }

    /** The verdict, per kind. */
    Map<Kind, Tally> judge() {
        Map<Kind, long[]> t = new EnumMap<>(Kind.class); // sent, acked, unacked, delivered, lost, dup, ooo, expected
        for (Kind k : Kind.values()) {
            t.put(k, new long[8]);
            t.get(k)[0] = sent.get(k).sum();
        }
        // What each recipient got, once per message, and in order.
        Map<String, Map<Integer, Map<Long, Integer>>> got = new HashMap<>(); // text -> recipient -> count
        for (Map.Entry<Integer, Map<String, List<Arrival>>> byRecipient : arrivals.entrySet()) {
            int recipient = byRecipient.getKey();
            for (Map.Entry<String, List<Arrival>> e : byRecipient.getValue().entrySet()) {
                Kind kind = Kind.of(e.getKey().substring(0, 1));
                long[] k = t.get(kind);
                List<Arrival> copies;
                synchronized (e.getValue()) {
                    copies = List.copyOf(e.getValue());
                }
                Map<Long, Integer> counts = new HashMap<>();
                long highest = Long.MIN_VALUE;
                for (Arrival a : copies) {
                    long n = a.n();
                    int seen = counts.merge(n, 1, Integer::sum);
                    if (seen > 1) {
                        k[5]++;
                        continue;
                    }
                    k[3]++;
                    if (n < highest) {
                        k[6]++;
                    }
                    highest = Math.max(highest, n);
                }
                got.computeIfAbsent(e.getKey(), s -> new HashMap<>()).put(recipient, counts);
            }
        }
        for (Map.Entry<String, Boolean> m : acknowledged.entrySet()) {
            Sent s = Sent.parse(m.getKey());
            long[] k = t.get(s.kind());
            if (!m.getValue()) {
                k[2]++;
                continue;
            }
            k[1]++;
            if (s.kind() == Kind.BROADCAST) {
                continue; // not stored: who got it is reach, not a promise
            }
            for (int recipient : recipients(s)) {
                k[7]++;
                Map<Long, Integer> counts =
                        got.getOrDefault(s.stream(), Map.of()).getOrDefault(recipient, Map.of());
                if (!counts.containsKey(s.n())) {
                    k[4]++;
                }
            }
        }
        Map<Kind, Tally> verdict = new EnumMap<>(Kind.class);
        t.forEach((kind, k) -> verdict.put(kind, new Tally(k[0], k[1], k[2], k[3], k[4], k[5], k[6], k[7])));
        return verdict;
    }

    private Set<Integer> recipients(Sent s) {
        if (s.kind() == Kind.PRIVATE) {
            return Set.of(Integer.parseInt(s.target()));
        }
        Set<Integer> members = new java.util.HashSet<>(groupMembers.getOrDefault(s.target(), Set.of()));
        members.remove(s.sender()); // the sender's sessions do not get their own group message back
        return members;
    }

    /** Prints the verdict as a table; true when every kind is clean. */
    static boolean print(Map<Kind, Tally> verdict, PrintWriter out) {
        out.printf(
                "%-10s %9s %9s %9s %10s %9s %9s %9s %10s%n",
                "kind", "sent", "acked", "unacked", "delivered", "lost", "dup", "ooo", "expected");
        boolean clean = true;
        for (Map.Entry<Kind, Tally> e : verdict.entrySet()) {
            Tally t = e.getValue();
            out.printf(
                    "%-10s %9d %9d %9d %10d %9d %9d %9d %10s%n",
                    e.getKey().name().toLowerCase(java.util.Locale.ROOT),
                    t.sent(),
                    t.acknowledged(),
                    t.unacknowledged(),
                    t.delivered(),
                    t.lost(),
                    t.duplicated(),
                    t.outOfOrder(),
                    e.getKey() == Kind.BROADCAST ? "(reach)" : Long.toString(t.expected()));
            clean &= t.clean();
        }
        out.println(clean ? "verdict: clean (0 lost, 0 duplicated, 0 out of order)" : "verdict: CONTRACT BROKEN");
        out.flush();
        return clean;
    }
}
