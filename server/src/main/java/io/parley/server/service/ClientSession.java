package io.parley.server.service;

import io.parley.protocol.codec.WireSize;
import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.server.store.Logs;
import io.parley.server.store.StoredMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection as the service sees it. Every field is read and written on {@link #link()}'s executor,
 * except {@code state}, {@code userId} and {@code extended}, which are volatile so that fan-out on other
 * threads can read them.
 *
 * <p>It is also where the connection's profile lives: a Parley client (it said hello) or a tutorial one. That is
 * decided once, at hello, and everything sent passes {@link #send}, which keeps a tutorial connection's output
 * to what its client reads ({@link SeedFit}), so the transport below never needs to know the difference. The
 * transport only holds a session to hand it back to {@link ChatService} (and to name it in its log lines), so
 * none of the methods here is public.
 */
public final class ClientSession {
    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);
    private static final AtomicLong IDS = new AtomicLong();
    /**
     * Live messages held back during one replay, at most: 1,024 of up to 4 KiB each. Past it stored messages
     * are left to be read back from the store after the replay (they are committed), so a slow replay does not
     * make a session hold an unbounded copy of what everyone sends meanwhile.
     */
    static final int HELD_BACK_LIMIT = 1024;
    /** What {@link #lastSend} starts as: one done future for every session, never completed by anyone again. */
    private static final CompletableFuture<?> NOTHING_SENT = CompletableFuture.completedFuture(null);

    private final long id = IDS.incrementAndGet();
    private final Link link;
    private volatile SessionState state = SessionState.CONNECTED;
    private volatile boolean extended;
    /** The client pages the online list (hello version 3 or later): its login reply leaves it out. */
    private boolean pagesOnline;

    private volatile int userId;
    private String userName = "";
    /** The token this session holds (or, for a tutorial connection, would hold): what revocation looks at. */
    private volatile SessionToken token;

    private int framesSeen;
    /** Whether a register, login or resume of this connection is being checked; one at a time. */
    private boolean accountRequest;

    /** Highest seq handed to this connection per log; what a live push at or below it is a repeat of. */
    private final DeliveredSeqs delivered = new DeliveredSeqs();
    /**
     * Live messages that arrived while the offline backlog was still being sent, with the renderings their fan-out
     * shares, so that a group's members held back at once do not each encode the message again.
     */
    private List<Delivery.Outgoing> heldBack;
    /** Whether a catch-up was asked for during a replay, to run after it. */
    private boolean catchUpRequested;

    private int broadcastsMissed;
    private Set<Integer> watching = Set.of();
    private CompletableFuture<?> lastSend = NOTHING_SENT;
    /** History, list and watch requests of this connection (RateGate); made at the first such request. */
    private TokenBucket requestBucket;

    ClientSession(Link link) {
        this.link = link;
    }

    long id() {
        return id;
    }

    Link link() {
        return link;
    }

    SessionState state() {
        return state;
    }

    void state(SessionState value) {
        state = value;
    }

    /** Whether this connection said hello and so receives Parley's extension types. */
    boolean extended() {
        return extended;
    }

    /**
     * The connection said hello in {@code version}: it reads Parley's types, and its client promised heartbeats
     * (told to the link).
     */
    void markExtended(int version) {
        pagesOnline = version >= HelloMes.PAGED_ONLINE_VERSION;
        extended = true;
        link.promisedHeartbeats();
    }

    /** Whether the client pages the online list itself, so that its login reply need not carry it. */
    boolean pagesOnline() {
        return pagesOnline;
    }

    int userId() {
        return userId;
    }

    String userName() {
        return userName;
    }

    void authenticate(int id, String name) {
        userId = id;
        userName = name;
        state = SessionState.AUTHENTICATED;
        link.authenticated();
    }

    SessionToken token() {
        return token;
    }

    void token(SessionToken value) {
        token = value;
    }

    boolean authenticated() {
        return state == SessionState.AUTHENTICATED;
    }

    boolean accountRequestInFlight() {
        return accountRequest;
    }

    void accountRequestInFlight(boolean value) {
        accountRequest = value;
    }

    /** Counts an incoming frame; true for the first one (the only place a hello is accepted). */
    boolean firstFrame() {
        return framesSeen++ == 0;
    }

    /** Sends {@code message} unless the session ended; a tutorial connection gets it only as its client reads it. */
    void send(ServerMessage message) {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (extended) {
            link.send(message);
        } else if (readableByTutorial(message)) {
            SeedFit.fit(message, userId).ifPresentOrElse(link::send, () -> cannotFit(message));
        }
    }

    /** Like {@link #send(ServerMessage)}, for a message shared with other sessions. */
    void send(SharedMessage message) {
        send(message, null, false);
    }

    /** A run of messages for a client with a hello, which reads every type; see {@link SharedRun}. */
    void send(SharedRun run) {
        if (state == SessionState.CLOSED) {
            return;
        }
        link.send(run);
    }

    /**
     * Like {@link #send(SharedMessage)}, for a message that may wait a little to leave with others
     * ({@link Link#sendUnhurried}).
     */
    void sendUnhurried(SharedMessage message) {
        send(message, null, true);
    }

    /**
     * Like {@link #send(SharedMessage)}, then runs {@code written}, unless null, once the message was written
     * ({@link Link#send(SharedMessage, Runnable)}); never if it is not sent.
     */
    void send(SharedMessage message, Runnable written) {
        send(message, written, false);
    }

    private void send(SharedMessage message, Runnable written, boolean unhurried) {
        if (state == SessionState.CLOSED) {
            return;
        }
        if (extended) {
            sendNow(message, written, unhurried);
        } else if (readableByTutorial(message.message())) {
            SeedFit.fit(message, userId)
                    .ifPresentOrElse(fitted -> sendNow(fitted, written, unhurried), () -> cannotFit(message.message()));
        }
    }

    private void sendNow(SharedMessage message, Runnable written, boolean unhurried) {
        if (written != null) {
            link.send(message, written);
        } else if (unhurried) {
            link.sendUnhurried(message);
        } else {
            link.send(message);
        }
    }

    /** Without a hello the client knows only the seed's six types: anything else would break its reading. */
    private boolean readableByTutorial(ServerMessage message) {
        if (SeedFit.readable(message)) {
            return true;
        }
        log.debug("not sending {} to tutorial connection {}", WireTypes.nameOf(message), this);
        return false;
    }

    /** A message the tutorial client could not read whole, and no shorter form of it: a bug, so loud. */
    private void cannotFit(ServerMessage message) {
        log.error(
                "closing {}: cannot shrink {} to the {} bytes a tutorial client reads",
                this,
                WireTypes.nameOf(message),
                WireSize.SEED_MAX_BODY);
        link.close();
    }

    /**
     * Counts {@code work} as a request of this session waiting on the store until it completes, however it
     * completes, so that a client cannot queue store work without bound (see {@link Link#requestStarted}).
     */
    <T> CompletableFuture<T> track(CompletableFuture<T> work) {
        link.requestStarted();
        // Only counts the request as finished: the caller has work itself, and its outcome.
        var unused = work.whenComplete((result, error) -> link.requestFinished());
        return work;
    }

    /** The latest send of this session to be handed to the store; see Messaging#inOrder. */
    CompletableFuture<?> lastSend() {
        return lastSend;
    }

    void lastSend(CompletableFuture<?> send) {
        lastSend = send;
    }

    TokenBucket requestBucket() {
        return requestBucket;
    }

    void requestBucket(TokenBucket bucket) {
        requestBucket = bucket;
    }

    /** The users this session watches for presence changes; touched only on its executor. */
    Set<Integer> watching() {
        return watching;
    }

    void watching(Set<Integer> ids) {
        watching = ids;
    }

    /** The highest seq of {@code log} handed to this connection, or null when it has not seen that log yet. */
    Long deliveredUpTo(String log) {
        return delivered.upTo(log);
    }

    void delivered(String log, long seq) {
        delivered.raise(log, seq);
    }

    /** Like {@link #delivered}, for a {@code seq} known to be past {@link #deliveredUpTo} (no comparison). */
    void deliveredNext(String log, Long seq) {
        delivered.set(log, seq);
    }

    /** The logs this connection has been handed messages of, or whose position it read at login. */
    List<String> deliveredLogs() {
        return delivered.logs();
    }

    void catchUpAfterReplay() {
        catchUpRequested = true;
    }

    boolean takeCatchUpRequest() {
        boolean requested = catchUpRequested;
        catchUpRequested = false;
        return requested;
    }

    boolean replaying() {
        return heldBack != null;
    }

    void startReplay() {
        heldBack = new ArrayList<>();
    }

    /**
     * Holds a live message back until the replay ends. Past {@link #HELD_BACK_LIMIT} a message of a log is not
     * held but read back from the store by a catch-up after the replay; a broadcast, which is never stored for
     * replay, is then not delivered to this session at all (as if it had been offline), only counted.
     */
    void holdBack(Delivery.Outgoing message) {
        if (heldBack.size() < HELD_BACK_LIMIT) {
            heldBack.add(message);
        } else if (Logs.ALL.equals(message.message.log())) {
            broadcastsMissed++;
        } else {
            catchUpRequested = true;
        }
    }

    /** How many broadcasts {@link #holdBack} could not hold since the last call. */
    int takeBroadcastsMissed() {
        int missed = broadcastsMissed;
        broadcastsMissed = 0;
        return missed;
    }

    /** Whether a message of {@code log} right after {@code upTo} is among those held back. */
    boolean holdsNext(String log, long upTo) {
        if (heldBack != null) {
            for (Delivery.Outgoing held : heldBack) {
                StoredMessage m = held.message;
                if (m.seq() == upTo + 1 && m.log().equals(log)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Like {@link #finishReplay}, with each log's messages in seq order (logs stay apart, broadcasts in arrival
     * order): for pushes that overtook each other on their way here.
     */
    List<Delivery.Outgoing> finishReplayInSeqOrder() {
        List<Delivery.Outgoing> sorted = new ArrayList<>(finishReplay());
        sorted.sort(
                Comparator.comparing((Delivery.Outgoing o) -> o.message.log()).thenComparingLong(o -> o.message.seq()));
        return sorted;
    }

    /** Ends the replay and returns what was held back meanwhile, in arrival order. */
    List<Delivery.Outgoing> finishReplay() {
        List<Delivery.Outgoing> held = heldBack == null ? List.of() : heldBack;
        heldBack = null;
        return held;
    }

    @Override
    public String toString() {
        return "session " + id + (userId > 0 ? " user " + userId : "") + " " + link.describe();
    }
}
