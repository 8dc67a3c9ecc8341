package io.parley.bench;

import java.util.List;

/**
 * What happened to the messages of a run. The contract holds when {@code lost}, {@code duplicated} and
 * {@code outOfOrder} are all zero; then {@code delivered} equals {@code expected}, plus any message that
 * arrived although its acknowledgement did not ({@code failed} counts those sends).
 *
 * @param sent         messages sent
 * @param acknowledged of those, acknowledged by the server (stored)
 * @param failed       refused, timed out or cut off before the acknowledgement
 * @param skipped      turns a fixed-rate sender skipped because too many of its messages were unacknowledged
 * @param expected     deliveries the acknowledged messages owe: one per recipient each
 * @param delivered    first-time deliveries
 * @param lost         acknowledged deliveries that never arrived, by the end of the drain
 * @param duplicated   deliveries of a message the recipient already had
 * @param outOfOrder   first-time deliveries after a later message of the same sender, or below the log's
 *                     {@code seq} already seen
 * @param outOfLogOrder of those, the ones whose {@code seq} was not above one already received from the same
 *                     log; the others broke only their sender's order (which, with the log's order kept,
 *                     means the server stored them in another order than they were sent)
 * @param stale        chat messages from earlier runs (or from outside the bench), ignored
 * @param dropped      connections the server closed during the run
 * @param badFrames    frames from the server the client could not decode
 * @param seconds      from the first send to the last delivery
 * @param perSecond    delivered messages per second of that time
 * @param latency      from the time a message was due to its arrival (offline: from the recipient's login answer)
 * @param lostExamples a few lost deliveries, as "user A -> user B #n" ({@code n} counts A's messages to that
 *                     destination), to look for in the server's logs
 */
public record Deliveries(
        long sent,
        long acknowledged,
        long failed,
        long skipped,
        long expected,
        long delivered,
        long lost,
        long duplicated,
        long outOfOrder,
        long outOfLogOrder,
        long stale,
        long dropped,
        long badFrames,
        double seconds,
        double perSecond,
        LatencySummary latency,
        List<String> lostExamples) {
    public Deliveries {
        lostExamples = List.copyOf(lostExamples);
    }

    static Deliveries of(Tally tally, Audit.Outcome audit, double seconds) {
        long delivered = tally.delivered.sum();
        return new Deliveries(
                tally.sent.sum(),
                tally.acknowledged.sum(),
                tally.failed.sum(),
                tally.skipped.sum(),
                audit.expected(),
                delivered,
                audit.lost(),
                tally.duplicated.sum(),
                tally.outOfOrder.sum(),
                tally.outOfLogOrder.sum(),
                tally.stale.sum(),
                tally.dropped.sum(),
                tally.badFrames.sum(),
                seconds,
                seconds > 0 ? delivered / seconds : 0,
                LatencySummary.of(tally.latency()),
                audit.examples());
    }

    /** No loss, no duplicate, nothing out of order. */
    public boolean contractHeld() {
        return lost == 0 && duplicated == 0 && outOfOrder == 0;
    }
}
