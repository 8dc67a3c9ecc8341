package io.parley.server.service;

import io.parley.server.store.Creation;
import io.parley.server.store.GroupStore;
import io.parley.server.store.Logs;
import io.parley.server.store.Membership;
import io.parley.server.store.MessageStore;
import io.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands stored messages to sessions: live as they are stored, and as an offline backlog after login, each
 * log in seq order with nothing skipped.
 *
 * <p>A session logs in, is registered for live pushes, and only then reads its backlog; live messages that
 * arrive meanwhile are held back and sent after the backlog, minus those the backlog already carried.
 *
 * <p>Live pushes can reach a session out of seq order: two appends to one inbox complete in order, but the
 * code that hands each to its recipients may run on different threads (a store future that completed before
 * its callback was attached runs the callback on the attaching thread). So a session knows, per log, the last
 * seq it was handed; a push that leaves a gap makes it read the missing messages from the store — they are
 * committed, since the later one is — before going on, and a late push of one of them is then a repeat.
 *
 * <p>Parley clients acknowledge with {@code AckMes}; tutorial clients cannot, so their read position moves
 * as soon as a message is written to their socket.
 */
final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /**
     * Messages read from the store at once for a replay: what a session holds while it waits for its reader,
     * so 64 (at most 256 KiB of 4 KiB messages) rather than more; one read per 64 messages costs little.
     */
    static final int REPLAY_BATCH = 64;

    private final MessageStore messages;
    private final GroupStore groups;
    /**
     * A refused receipt loses nothing (the next one covers it), and an overloaded store refuses thousands a
     * second: one line per interval, not one per receipt.
     */
    private final ThrottledWarning receiptFailures = new ThrottledWarning(log);
    /** While the store is away every session that reads fails, and tries again: one line per interval. */
    private final ThrottledWarning readFailures = new ThrottledWarning(log);

    /**
     * How long a push past a gap waits for the missing one before the store is read. A gap on one node is nearly
     * always two pushes overtaking each other (the class comment says how), the later one a few milliseconds
     * behind on a busy core; reading the store instead costs every member of a group a read and a message
     * encoded for it alone, and under load those reads could fall behind for the rest of a run: 57,819 reads in
     * 20 s of one 1,000-member group (docs/performance.md). A real gap (a push lost between nodes) waits this
     * much longer for its fill.
     */
    static final long GAP_GRACE_MILLIS = 20;

    static final long FIRST_RETRY_PAUSE_MILLIS = 100;
    static final long MAX_RETRY_PAUSE_MILLIS = 5_000;

    private final GroupRuns groupRuns = new GroupRuns(this::offerRun);

    Delivery(MessageStore messages, GroupStore groups) {
        this.messages = messages;
        this.groups = groups;
    }

    /** Queues a live message for each of {@code recipients}; safe from any thread. */
    void push(Collection<ClientSession> recipients, StoredMessage message) {
        Outgoing outgoing = new Outgoing(message);
        if (Logs.isGroup(message.log())) {
            groupRuns.push(recipients, message.log(), outgoing);
        } else {
            Fanout.each(recipients, session -> offer(session, outgoing, true));
        }
    }

    /**
     * Messages of one group pushed one after another, in seq order, to the same sessions ({@link GroupRuns}); the
     * run's rendering for clients with a hello is made once, by the first member that takes the run whole.
     */
    static final class OutgoingRun {
        final List<Outgoing> messages;
        /** Whether the seqs follow one another, as pushes of one node's commits do; a run that does not is never whole. */
        private final boolean consecutive;
        /** Who sent each message: a member does not get its own back, so a run with one of its own is not whole for it. */
        private final int[] senders;

        private SharedRun extended;

        OutgoingRun(List<Outgoing> messages) {
            this.messages = messages;
            this.senders = new int[messages.size()];
            boolean follows = true;
            for (int i = 0; i < senders.length; i++) {
                StoredMessage m = messages.get(i).message;
                senders[i] = m.fromUserId();
                if (i > 0 && m.seq() != messages.get(i - 1).message.seq() + 1) {
                    follows = false;
                }
            }
            this.consecutive = follows;
        }

        /** Whether {@code session} takes this run as it comes; on the session's executor. */
        boolean wholeFor(ClientSession session) {
            if (messages.size() == 1
                    || !consecutive
                    || !session.extended()
                    || session.state() != SessionState.AUTHENTICATED
                    || session.replaying()) {
                return false;
            }
            StoredMessage first = messages.get(0).message;
            Long upTo = session.deliveredUpTo(first.log());
            if (upTo != null && first.seq() != upTo + 1) {
                return false;
            }
            int self = session.userId();
            for (int sender : senders) {
                if (sender == self) {
                    return false;
                }
            }
            return true;
        }

        /** On the run's event loop only: one run goes to one loop's sessions. */
        SharedRun extended() {
            if (extended == null) {
                List<SharedMessage> rendered = new ArrayList<>(messages.size());
                messages.forEach(m -> rendered.add(m.extended()));
                extended = new SharedRun(rendered);
            }
            return extended;
        }
    }

    /**
     * A run of a group's live messages for one session, on its executor: sent as one piece when the session
     * takes every message of it as it comes (logged in with a hello, not replaying, the run next after what it
     * has, none of it its own), else offered message by message.
     */
    private void offerRun(ClientSession session, OutgoingRun run) {
        if (!run.wholeFor(session)) {
            for (Outgoing o : run.messages) {
                offer(session, o, true);
            }
            return;
        }
        Outgoing last = run.messages.get(run.messages.size() - 1);
        session.deliveredNext(last.message.log(), last.seq);
        session.send(run.extended());
    }

    /**
     * A stored message with its two renderings, each encoded at most once however many receive it; the tutorial
     * one is also fitted to what a tutorial client reads once, not once per recipient.
     */
    static final class Outgoing {
        final StoredMessage message;
        /**
         * The message's seq, boxed once: each recipient's session records it as what it was handed of the log
         * ({@link ClientSession#deliveredNext}), and a thousand members would otherwise box it a thousand times.
         */
        final Long seq;
        // Made once, under the lock; from then on every recipient's event loop reads them without it.
        private volatile SharedMessage extended;
        private volatile SharedMessage legacy;

        Outgoing(StoredMessage message) {
            this.message = message;
            this.seq = message.seq();
        }

        SharedMessage extended() {
            SharedMessage rendered = extended;
            return rendered != null ? rendered : renderExtended();
        }

        SharedMessage legacy() {
            SharedMessage rendered = legacy;
            return rendered != null ? rendered : renderLegacy();
        }

        private synchronized SharedMessage renderExtended() {
            if (extended == null) {
                extended = new SharedMessage(Renderer.render(message, true));
            }
            return extended;
        }

        private synchronized SharedMessage renderLegacy() {
            if (legacy == null) {
                // A rendering for a tutorial client is never a login reply, so no recipient's own id is kept.
                legacy = SeedFit.fit(Renderer.render(message, false), 0).orElseThrow();
            }
            return legacy;
        }
    }

    /**
     * A live message for one session, on its executor: hold it, fill a gap before it, or send it. With
     * {@code mayFill} false a gap is accepted instead of read: that is how a fill that found nothing ends,
     * so a gap the store cannot fill never loops.
     */
    private void offer(ClientSession session, Outgoing outgoing, boolean mayFill) {
        if (session.state() != SessionState.AUTHENTICATED) {
            return;
        }
        StoredMessage m = outgoing.message;
        if (session.replaying()) {
            session.holdBack(outgoing);
            return;
        }
        Long upTo = Logs.ALL.equals(m.log()) ? null : session.deliveredUpTo(m.log());
        if (upTo != null && m.seq() > upTo + 1 && mayFill) {
            session.startReplay();
            session.holdBack(outgoing);
            String name = m.log();
            CompletableFuture.delayedExecutor(
                            GAP_GRACE_MILLIS,
                            TimeUnit.MILLISECONDS,
                            session.link().executor())
                    .execute(() -> fillGap(session, name, upTo));
            return;
        }
        deliverNow(session, outgoing, upTo);
    }

    /**
     * After {@link #GAP_GRACE_MILLIS} of holding a push that left a gap in {@code name} after {@code upTo}: when
     * the missing message's own push came meanwhile, what was held goes out in seq order and the store is not
     * read; otherwise the gap is read from the store. On the session's executor.
     */
    private void fillGap(ClientSession session, String name, long upTo) {
        if (session.state() != SessionState.AUTHENTICATED) {
            return;
        }
        if (!session.holdsNext(name, upTo)) {
            readHolding(session, () -> replayFrom(session, name, session.deliveredUpTo(name)), name, upTo, 0);
            return;
        }
        // Each pass delivers at least the missing message, so a chain of overtaken pushes cannot loop here.
        for (Outgoing held : session.finishReplayInSeqOrder()) {
            offer(session, held, true);
        }
        if (session.takeCatchUpRequest()) {
            catchUp(session);
        }
    }

    /**
     * Starts sending the offline backlog; call on the session's executor right after its login reply. The
     * backlog is read once {@code reachable} completes — when live messages from other nodes reach the session
     * — so that a message is either in what is read or arrives live (held back meanwhile), never neither.
     */
    void replay(ClientSession session, CompletableFuture<Void> reachable) {
        session.startReplay();
        int userId = session.userId();
        // readHolding ends the hold whatever the outcome; nothing else waits for it.
        var unused = reachable.whenComplete((ok, error) -> {
            if (error != null) {
                // Redis is away; when it is back, every session catches up (catchUp) anyway.
                log.warn("live messages from other nodes may not reach {}: {}", session, error.toString());
            }
            readHolding(
                    session,
                    () -> groups.groupsOf(userId).thenCompose(names -> {
                        List<String> logs = new ArrayList<>();
                        logs.add(Logs.inbox(userId));
                        names.forEach(g -> logs.add(Logs.group(g)));
                        return replayLogs(session, logs.iterator());
                    }),
                    null,
                    0,
                    0);
        });
    }

    /**
     * Runs {@code read} while the session holds its live messages back, then ends the hold ({@link #finishReplay}).
     * A read the store fails is tried again after a pause, as long as the session lasts, and the hold lasts as
     * long: handing over the held messages past what could not be read would reorder the log, and the client's
     * cumulative receipt for them would move its read position past the missing ones, which no later login would
     * then redeliver. Meanwhile the hold stays bounded ({@link ClientSession#HELD_BACK_LIMIT}; beyond it a message
     * is read back from the store afterwards). {@code read} is called again for each try, so it must start from
     * where the session stands then. Safe from any thread.
     */
    private void readHolding(
            ClientSession session,
            Supplier<CompletableFuture<Void>> read,
            String filledLog,
            long filledFrom,
            int failures) {
        CompletableFuture<Void> reading;
        try {
            reading = read.get();
        } catch (RuntimeException e) {
            reading = CompletableFuture.failedFuture(e);
        }
        // The callback handles both outcomes; nothing else waits for the read.
        var unused = reading.whenCompleteAsync(
                (ok, error) -> {
                    if (error != null && session.state() == SessionState.AUTHENTICATED) {
                        long pause = retryPauseMillis(failures);
                        readFailures.warn(
                                "delivery from the store failed for {} ({} in a row); its live messages wait, trying again in {} ms: {}",
                                session,
                                failures + 1,
                                pause,
                                error.toString());
                        CompletableFuture.delayedExecutor(
                                        pause,
                                        TimeUnit.MILLISECONDS,
                                        session.link().executor())
                                .execute(() -> readHolding(session, read, filledLog, filledFrom, failures + 1));
                        return;
                    }
                    finishReplay(session, null, filledLog, filledFrom);
                },
                session.link().executor());
    }

    /** 100 ms after the first failure, doubling up to 5 s: quick after a blip, one read per 5 s per session in an outage. */
    static long retryPauseMillis(int failures) {
        return Math.min(MAX_RETRY_PAUSE_MILLIS, FIRST_RETRY_PAUSE_MILLIS << Math.min(failures, 16));
    }

    /**
     * Runs a join of {@code group} for the session, holding back live messages meanwhile, and starts the
     * session's view of the group's log at the position the join set (the log's head then). Without this, a
     * message stored just before the join could still reach the new member: another node's fan-out may read
     * the members just after the join although the message came first. On the session's executor.
     */
    CompletableFuture<Membership> join(
            ClientSession session, String group, Supplier<CompletableFuture<Membership>> join) {
        return enter(session, group, join, result -> result == Membership.JOINED);
    }

    /**
     * Runs a creation of {@code group} by the session the same way: its creator is its first member, and its
     * session must know from the start where the new log stands for it, or it cannot see a gap there. Without
     * that, a second message pushed before the first (whose fan-out elsewhere was still reading the members) is
     * handed over, the first is then dropped as a repeat, and the receipt for the second moves the creator's read
     * position past the first: it is never delivered. On the session's executor.
     */
    CompletableFuture<Creation> create(
            ClientSession session, String group, Supplier<CompletableFuture<Creation>> create) {
        return enter(session, group, create, result -> result == Creation.CREATED);
    }

    /** Runs {@code change}; when {@code isMember} of its result, the session's view of the log starts at its position. */
    private <T> CompletableFuture<T> enter(
            ClientSession session, String group, Supplier<CompletableFuture<T>> change, Predicate<T> isMember) {
        boolean hold = !session.replaying();
        if (hold) {
            session.startReplay();
        }
        String name = Logs.group(group);
        CompletableFuture<T> done = change.get()
                .thenCompose(result -> !isMember.test(result)
                        ? CompletableFuture.completedFuture(result)
                        : messages.position(session.userId(), name)
                                .thenApplyAsync(
                                        position -> {
                                            session.delivered(name, position);
                                            return result;
                                        },
                                        session.link().executor()));
        // Only ends the hold: the caller has done itself, and its outcome.
        var unused = done.whenCompleteAsync(
                (result, error) -> {
                    if (hold) {
                        finishReplay(session, error, null, 0);
                    }
                },
                session.link().executor());
        return done;
    }

    /**
     * Sends a session whatever its logs hold past what it was handed, as after a time when live messages from
     * other nodes could have been missed; safe from any thread. A session still replaying does it afterwards.
     */
    void catchUp(ClientSession session) {
        session.link().executor().execute(() -> {
            if (session.state() != SessionState.AUTHENTICATED) {
                return;
            }
            if (session.replaying()) {
                session.catchUpAfterReplay();
                return;
            }
            session.startReplay();
            readHolding(
                    session, () -> catchUpLogs(session, session.deliveredLogs().iterator()), null, 0, 0);
        });
    }

    private CompletableFuture<Void> catchUpLogs(ClientSession session, Iterator<String> logs) {
        if (!logs.hasNext() || session.state() == SessionState.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        String name = logs.next();
        return replayFrom(session, name, session.deliveredUpTo(name)).thenCompose(done -> catchUpLogs(session, logs));
    }

    /**
     * Ends a replay or a gap fill ({@code filledLog} and the seq it filled from; null for a login replay): what
     * was held back meanwhile goes through {@link #offer} in arrival order.
     */
    private void finishReplay(ClientSession session, Throwable error, String filledLog, long filledFrom) {
        if (error != null) {
            log.warn("delivery from the store failed for {}: {}", session, error.toString());
        }
        int missed = session.takeBroadcastsMissed();
        if (missed > 0) {
            log.warn(
                    "{} broadcasts not delivered to {}: more than {} live messages came during its replay",
                    missed,
                    session,
                    ClientSession.HELD_BACK_LIMIT);
        }
        // Another fill of the same log is allowed only if this one made progress, so fills always end.
        boolean progressed = filledLog == null || session.deliveredUpTo(filledLog) > filledFrom;
        for (Outgoing held : session.finishReplay()) {
            offer(session, held, progressed || !held.message.log().equals(filledLog));
        }
        if (session.takeCatchUpRequest()) {
            catchUp(session);
        }
    }

    private CompletableFuture<Void> replayLogs(ClientSession session, Iterator<String> logs) {
        if (!logs.hasNext() || session.state() == SessionState.CLOSED) {
            return CompletableFuture.completedFuture(null);
        }
        String name = logs.next();
        return messages.unread(session.userId(), name, REPLAY_BATCH)
                .thenComposeAsync(
                        unread -> {
                            // From here on this session knows where the log stands for it, so gaps can be seen.
                            session.delivered(name, unread.position());
                            return sendThenReadOn(session, name, unread.first());
                        },
                        session.link().executor())
                .thenCompose(done -> replayLogs(session, logs));
    }

    /**
     * Sends what {@code name} holds after {@code after}, read in batches, each message only when the link can
     * take it. A reader that keeps up is thus never more than the link's high-water mark and one message
     * behind, whatever the size of the backlog or of its messages; a reader that stops leaves the replay
     * waiting (and the transport cuts it off after a while), with what it has not been sent still stored.
     */
    private CompletableFuture<Void> replayFrom(ClientSession session, String name, long after) {
        return messages.readAfter(name, after, REPLAY_BATCH)
                .thenComposeAsync(
                        batch -> sendThenReadOn(session, name, batch),
                        session.link().executor());
    }

    /** Sends {@code batch}, one read of {@code name}; a full batch may have more behind it, read next. */
    private CompletableFuture<Void> sendThenReadOn(ClientSession session, String name, List<StoredMessage> batch) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        sendAtReadersPace(session, batch, 0, sent);
        if (batch.size() < REPLAY_BATCH) {
            return sent;
        }
        long last = batch.get(batch.size() - 1).seq();
        return sent.thenCompose(done -> session.state() == SessionState.CLOSED
                ? CompletableFuture.completedFuture(null)
                : replayFrom(session, name, last));
    }

    /**
     * Sends {@code batch} from index {@code from} while the link is writable, and goes on from where it
     * stopped once it is writable again; completes {@code sent} at the end, or when the session closed. On the
     * session's executor. While the link is writable this is a plain loop: no future or task per message.
     */
    private void sendAtReadersPace(
            ClientSession session, List<StoredMessage> batch, int from, CompletableFuture<Void> sent) {
        for (int i = from; i < batch.size(); i++) {
            if (session.state() == SessionState.CLOSED) {
                break;
            }
            if (!session.link().isWritable()) {
                int next = i;
                session.link().whenWritable(() -> sendAtReadersPace(session, batch, next, sent));
                return;
            }
            StoredMessage m = batch.get(i);
            deliverNow(session, new Outgoing(m), session.deliveredUpTo(m.log()));
        }
        sent.complete(null);
    }

    /**
     * Sends one message unless this session already has it; on the session's executor. {@code upTo} is what the
     * session was handed of the message's log ({@link ClientSession#deliveredUpTo}), looked up by the caller: a
     * fan-out to a thousand members makes one lookup per member, not three.
     */
    private void deliverNow(ClientSession session, Outgoing outgoing, Long upTo) {
        StoredMessage m = outgoing.message;
        if (!Logs.ALL.equals(m.log())) {
            if (upTo != null && m.seq() <= upTo) {
                return;
            }
            session.deliveredNext(m.log(), outgoing.seq);
        }
        if (m.fromUserId() == session.userId() && Logs.isGroup(m.log())) {
            // A member's own group messages are not echoed; its cumulative ack will pass over them.
            return;
        }
        if (session.extended()) {
            session.send(outgoing.extended());
        } else if (Logs.ALL.equals(m.log())) {
            // Broadcasts are never replayed, so there is no read position to move.
            session.send(outgoing.legacy());
        } else if (session.state() == SessionState.AUTHENTICATED) {
            session.send(outgoing.legacy(), () -> {
                var unused = acknowledge(session.userId(), m.log(), m.seq()); // never fails: it logs
            });
        }
    }

    /** Moves a read position forward; used for receipts and for tutorial clients' writes. Never fails. */
    CompletableFuture<Void> acknowledge(int userId, String logName, long seq) {
        return messages.advance(userId, logName, seq).exceptionally(e -> {
            receiptFailures.warn(
                    "could not record receipt of {} #{} for user {}: {}", logName, seq, userId, e.toString());
            return null;
        });
    }
}
