package io.parley.bench;

import io.parley.protocol.message.SmsMes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the users of a listening process heard of each broadcast, by the server's msgId: how many got it and
 * when the last of them did. Latency is the receiver's clock minus the {@code sentAt} the server stamped when
 * it stored the broadcast, both wall-clock milliseconds, so that every process on the machine measures
 * against the same clock and the processes' reports can be put together. Written by every event loop at once.
 */
final class Reach {
    private static final long NANOS_PER_MILLI = 1_000_000;

    /** One broadcast as heard here. */
    private static final class Heard {
        final int from;
        final long sentAt;
        final long firstNanos = System.nanoTime();
        final AtomicInteger receivers = new AtomicInteger();
        final AtomicLong lastAt = new AtomicLong(Long.MIN_VALUE);

        Heard(int from, long sentAt) {
            this.from = from;
            this.sentAt = sentAt;
        }
    }

    private final Tally tally;
    private final ConcurrentHashMap<Long, Heard> byMsgId = new ConcurrentHashMap<>();

    Reach(Tally tally) {
        this.tally = tally;
    }

    /** On {@code user}'s event loop, as broadcast {@code s} arrives. */
    void heard(BenchUser user, SmsMes s) {
        long nanos = System.nanoTime();
        long now = System.currentTimeMillis();
        if (s.msgId() == null || s.sentAt() == null) {
            // Only a connection that said hello gets them, and the bench's always do.
            tally.stale.increment();
            return;
        }
        Inbox.Verdict verdict = user.inbox.acceptBroadcast(s.userId(), s.msgId());
        if (verdict != Inbox.Verdict.DUPLICATE) {
            Heard heard = byMsgId.computeIfAbsent(s.msgId(), id -> new Heard(s.userId(), s.sentAt()));
            heard.receivers.incrementAndGet();
            heard.lastAt.accumulateAndGet(now, Math::max);
        }
        tally.received(verdict, (now - s.sentAt()) * NANOS_PER_MILLI, nanos);
    }

    /** How many different broadcasts were heard. */
    int broadcasts() {
        return byMsgId.size();
    }

    /** How many broadcasts each reached at least {@code users} users. */
    int complete(int users) {
        int n = 0;
        for (Heard h : byMsgId.values()) {
            if (h.receivers.get() >= users) {
                n++;
            }
        }
        return n;
    }

    /** {@link System#nanoTime()} when the latest broadcast to be heard first was; 0 before any. */
    long newestFirstHeard() {
        long newest = 0;
        for (Heard h : byMsgId.values()) {
            newest = newest == 0 || h.firstNanos - newest > 0 ? h.firstNanos : newest;
        }
        return newest;
    }

    /** Every broadcast heard, in msgId order. */
    List<BroadcastReach> summary() {
        List<BroadcastReach> all = new ArrayList<>();
        byMsgId.forEach((msgId, h) -> all.add(new BroadcastReach(
                msgId, h.from, h.sentAt, h.receivers.get(), h.lastAt.get(), h.lastAt.get() - h.sentAt)));
        all.sort(Comparator.comparingLong(BroadcastReach::msgId));
        return all;
    }
}
