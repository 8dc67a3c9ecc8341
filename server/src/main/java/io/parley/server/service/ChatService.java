package io.parley.server.service;

import static java.util.Objects.requireNonNull;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ChangePasswordMes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupLeaveMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutAllMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.Request;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.WatchMes;
import io.parley.protocol.message.WatchResMes;
import io.parley.server.store.GroupCaps;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.SessionStore;
import io.parley.server.store.Stores;
import io.parley.server.store.TokenKeys;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's front door: one call per connection event. It routes each request by the connection's
 * state — before login only hello, register and login are accepted — and owns the parts that do the work.
 */
public final class ChatService implements AutoCloseable {
    /** The server's name and version in {@code HelloResMes}. */
    public static final String SERVER_NAME = "parley/1.0";

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final Limits limits;
    private final LoginGuards guards;
    private final Presence presence;
    private final Accounts accounts;
    private final Messaging messaging;
    private final GroupRequests groupRequests;
    private final RateGate rates;
    private final PeerEvents peerEvents;
    private final Administration administration;
    private final FrameBudget budget;
    private final Credentials credentials;
    private final ResumeTokens tokens;
    private final SessionStore sessions;

    /**
     * The service's settings: the first three are what a Parley client is told in {@code HelloResMes}; the
     * rest bound what one client can make the service do (docs/security.md).
     */
    public record Limits(
            int maxFrameLength,
            int maxContentLength,
            int heartbeatSeconds,
            int bcryptCost,
            int presenceBroadcastLimit,
            LoginLimits login,
            RateLimits rates,
            Quotas quotas,
            TokenSettings tokens) {
        public Limits {
            requireNonNull(login, "login");
            requireNonNull(rates, "rates");
            requireNonNull(quotas, "quotas");
            requireNonNull(tokens, "tokens");
        }
    }

    /** A single node's service: no other nodes to tell or hear from; {@code tokenKey} signs resume tokens. */
    public ChatService(Stores stores, Limits limits, String nodeId, String tokenKey) {
        this(stores, limits, nodeId, new TokenKeys(requireNonNull(tokenKey, "tokenKey"), null, 0), Peers.NONE);
    }

    /** Like {@link #ChatService(Stores, Limits, String, TokenKeys, Peers)} with one token key, never rotated. */
    public ChatService(Stores stores, Limits limits, String nodeId, String tokenKey, Peers peers) {
        this(stores, limits, nodeId, new TokenKeys(requireNonNull(tokenKey, "tokenKey"), null, 0), peers);
    }

    /**
     * @param tokenKeys the resume-token keys from {@link SessionStore#tokenKeys}, offered {@link #newTokenKey()}
     *                  the first time; {@link #checkTokenKeys()} takes rotated ones later
     * @param peers     the other nodes of the cluster; what they tell this node goes to {@link #peerEvents()}
     */
    public ChatService(Stores stores, Limits limits, String nodeId, TokenKeys tokenKeys, Peers peers) {
        this(stores, limits, nodeId, tokenKeys, peers, LoginGuards.of(limits.login(), limits.bcryptCost()));
    }

    /** With login guards of a test's choosing (its clock, its hash pool). */
    ChatService(Stores stores, Limits limits, String nodeId, String tokenKey, Peers peers, LoginGuards guards) {
        this(stores, limits, nodeId, new TokenKeys(requireNonNull(tokenKey, "tokenKey"), null, 0), peers, guards);
    }

    private ChatService(
            Stores stores, Limits limits, String nodeId, TokenKeys tokenKeys, Peers peers, LoginGuards guards) {
        requireNonNull(stores, "stores");
        requireNonNull(peers, "peers");
        requireNonNull(tokenKeys, "tokenKeys");
        this.limits = requireNonNull(limits, "limits");
        this.guards = requireNonNull(guards, "guards");
        this.presence = new Presence(stores.presence(), peers, nodeId, limits.presenceBroadcastLimit());
        UserDirectory users = new UserDirectory(stores.users());
        GroupDirectory groups = new GroupDirectory(
                stores.groups(),
                peers,
                new GroupCaps(limits.quotas().groupsPerUser(), limits.quotas().membersPerGroup()));
        Delivery delivery = new Delivery(stores.messages(), stores.groups());
        FrameBudget budget = new FrameBudget(limits.maxFrameLength());
        this.sessions = stores.sessions();
        this.tokens = new ResumeTokens(tokenKeys, limits.tokens(), Clock.systemUTC());
        this.credentials = new Credentials(stores.users(), users, sessions, guards.hasher(), tokens, presence, peers);
        this.accounts = new Accounts(users, guards, presence, delivery, tokens, budget, sessions, credentials);
        this.rates = new RateGate(limits.rates(), System::nanoTime);
        this.messaging = new Messaging(
                stores.messages(),
                users,
                groups,
                presence,
                delivery,
                peers,
                limits.maxContentLength(),
                rates,
                new InboxQuota(
                        limits.quotas().offlineMessages(), limits.quotas().offlineBytes()),
                budget);
        this.groupRequests = new GroupRequests(groups, presence, delivery, budget);
        this.budget = budget;
        this.peerEvents = new FromPeers(presence, groups, messaging, delivery, credentials);
        this.administration =
                new Administration(presence, credentials, stores.users(), users, guards.hasher(), Clock.systemUTC());
    }

    /** Password hashes and verifications waiting for a thread of the hashing pool. */
    public int passwordHashesWaiting() {
        return guards.hasher().waiting();
    }

    /** The operator's actions on users, for the admin listener. */
    public Administration administration() {
        return administration;
    }

    /** Where the cluster layer hands what other nodes say. */
    public PeerEvents peerEvents() {
        return peerEvents;
    }

    /** A random key to offer the store as the resume-token key. */
    public static String newTokenKey() {
        return ResumeTokens.newKey();
    }

    /**
     * Reads the token keys from the store and uses them from now on: a rotation done elsewhere (another node, or
     * {@code parley rotate-token-key}) takes effect here. The composition root calls it every
     * {@code keyCheckSeconds}; it never fails, a store error is logged and the keys in use stay.
     */
    public CompletableFuture<Void> checkTokenKeys() {
        return sessions.tokenKeys(newTokenKey()).handle((keys, error) -> {
            if (error != null) {
                log.warn("could not read the token keys (keeping those in use): {}", error.toString());
            } else if (tokens.keys(keys)) {
                log.info(
                        "token key rotated: new tokens use the new key; the previous one is accepted until {}",
                        Instant.ofEpochMilli(keys.rotatedAt() + limits.tokens().keyGraceSeconds() * 1000));
            }
            return null;
        });
    }

    /** A new connection; the transport keeps the returned session for its later calls. */
    public ClientSession open(Link link) {
        return new ClientSession(requireNonNull(link, "link"));
    }

    /** One decoded request, on the session's executor. */
    public void handle(ClientSession session, ClientMessage message) {
        boolean first = session.firstFrame();
        if (session.state() == SessionState.CLOSED) {
            return;
        }
        if (message instanceof HelloMes m) {
            hello(session, m, first);
        } else if (!session.extended() && !WireTypes.SEED.contains(WireTypes.nameOf(message))) {
            // Without a hello the connection reads only the seed's six types, so no reply to an extension
            // request could reach it: ignore it rather than act unseen, e.g. create a group (DispatcherFuzzTest).
            return;
        } else if (message instanceof RegisterMes m) {
            accounts.register(session, m);
        } else if (message instanceof LoginMes m) {
            accounts.login(session, m);
        } else if (message instanceof PingMes m) {
            session.send(new PongMes(m.ts()));
        } else if (message instanceof ResumeMes m) {
            accounts.resume(session, m);
        } else if (!session.authenticated()) {
            Replies.refuse(session, StatusCode.NOT_LOGGED_IN, "log in first", message);
        } else {
            authenticated(session, message);
        }
    }

    private void authenticated(ClientSession session, ClientMessage message) {
        if (message instanceof Request request
                && metered(request)
                && !rates.allowRequest(session, WireTypes.nameOf(message), request.reqId())) {
            return;
        }
        if (message instanceof PrivateSend m) {
            messaging.sendPrivate(session, m);
        } else if (message instanceof GroupSend m) {
            messaging.sendGroup(session, m);
        } else if (message instanceof SmsMes m) {
            messaging.broadcast(session, m);
        } else if (message instanceof AckMes m) {
            messaging.acknowledge(session, m);
        } else if (message instanceof GroupCreateMes m) {
            groupRequests.create(session, m);
        } else if (message instanceof GroupJoinMes m) {
            groupRequests.join(session, m);
        } else if (message instanceof GroupLeaveMes m) {
            groupRequests.leave(session, m);
        } else if (message instanceof GroupListMes m) {
            groupRequests.list(session, m);
        } else if (message instanceof GroupMembersMes m) {
            groupRequests.members(session, m);
        } else if (message instanceof OnlineListMes m) {
            onlineList(session, m);
        } else if (message instanceof WatchMes m) {
            watch(session, m);
        } else if (message instanceof HistoryMes m) {
            messaging.history(session, m);
        } else if (message instanceof LogoutMes) {
            credentials.logout(session);
        } else if (message instanceof LogoutAllMes m) {
            credentials.logoutAll(session, m);
        } else if (message instanceof ChangePasswordMes m) {
            credentials.changePassword(session, m);
        } else {
            Replies.error(session, StatusCode.BAD_REQUEST, "unexpected message", WireTypes.nameOf(message));
        }
    }

    /** One page of online ids, no longer than one frame holds; the client pages on from what it got. */
    private void onlineList(ClientSession session, OnlineListMes m) {
        int total = presence.count();
        int fitting = budget.ids(new OnlineListResMes(m.reqId(), m.offset(), total, List.of()), 1);
        session.send(new OnlineListResMes(
                m.reqId(), m.offset(), total, presence.page(m.offset(), Math.min(m.limit(), fitting))));
    }

    /**
     * Refuses a watch list whose reply might not fit in one frame, rather than answer with part of it: only a
     * server with a frame limit under about 12 KB ever does, since a watch list holds at most 1000 ids.
     */
    private void watch(ClientSession session, WatchMes m) {
        Set<Integer> ids = new HashSet<>(m.userIds());
        int fitting = budget.ids(new WatchResMes(m.reqId(), List.of()), 1);
        if (ids.size() > fitting) {
            Replies.refuse(
                    session,
                    StatusCode.TOO_LARGE,
                    "watch at most " + fitting + " users with this server's " + budget.maxFrameLength()
                            + "-byte frame limit",
                    m);
            return;
        }
        session.send(new WatchResMes(m.reqId(), presence.watch(session, ids)));
    }

    private void hello(ClientSession session, HelloMes m, boolean first) {
        if (!first || session.extended()) {
            Replies.error(
                    session,
                    StatusCode.BAD_REQUEST,
                    "HelloMes must be the first frame of a connection",
                    WireTypes.nameOf(HelloMes.class));
            return;
        }
        int version = Math.min(m.version(), HelloMes.CURRENT_VERSION);
        session.markExtended(version);
        session.send(new HelloResMes(
                version, SERVER_NAME, limits.maxFrameLength(), limits.maxContentLength(), limits.heartbeatSeconds()));
    }

    /**
     * A well-framed body that did not decode. Tutorial clients waiting for a register or login reply get
     * that reply type, since they take the next frame as the answer whatever it is.
     */
    public void malformed(ClientSession session, String type, String reason, String reqId, String clientMsgId) {
        session.firstFrame();
        String text = "bad request: " + reason;
        if (!session.extended() && WireTypes.nameOf(RegisterMes.class).equals(type)) {
            session.send(new RegisterResMes(StatusCode.REGISTER_INVALID.code(), text));
        } else if (!session.extended() && WireTypes.nameOf(LoginMes.class).equals(type)) {
            session.send(LoginResMes.failure(StatusCode.BAD_REQUEST.code(), text));
        } else {
            Replies.error(session, StatusCode.BAD_REQUEST, text, type, reqId, clientMsgId);
        }
    }

    /**
     * A frame over the size limit; the transport closes the connection after this. A tutorial client is only
     * closed: it may be waiting for a login reply and would take any frame, even an error notice, as that.
     */
    public void oversized(ClientSession session) {
        if (session.extended()) {
            Replies.error(
                    session,
                    StatusCode.TOO_LARGE,
                    "frame too large: the limit is " + limits.maxFrameLength() + " bytes",
                    null);
        }
    }

    /** The connection ended, by either side. */
    public void closed(ClientSession session) {
        boolean wasIn = session.authenticated();
        session.state(SessionState.CLOSED);
        if (wasIn) {
            accounts.logout(session);
        }
    }

    /** The requests that read with no end in sight, which a connection may make only so fast (RateGate). */
    private static boolean metered(Request m) {
        return m instanceof HistoryMes
                || m instanceof GroupListMes
                || m instanceof GroupMembersMes
                || m instanceof OnlineListMes
                || m instanceof WatchMes;
    }

    @Override
    public void close() {
        guards.close();
    }
}
