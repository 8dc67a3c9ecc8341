package io.parley.server.service;

import static java.util.Objects.requireNonNull;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.AckMes;
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
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.WatchMes;
import io.parley.protocol.message.WatchResMes;
import io.parley.server.store.Stores;
import java.util.HashSet;
import java.time.Clock;

/**
 * The service's front door: one call per connection event. It routes each request by the connection's
 * state — before login only hello, register and login are accepted — and owns the parts that do the work.
 */
public final class ChatService implements AutoCloseable {
    /** The server's name and version in {@code HelloResMes}. */
    public static final String SERVER_NAME = "parley/1.0";

    private final Limits limits;
    private final PasswordHasher hasher;
    private final Presence presence;
    private final Accounts accounts;
    private final Messaging messaging;
    private final GroupRequests groupRequests;
    private final PeerEvents peerEvents;

    /**
     * The service's settings: the first three are what a Parley client is told in {@code HelloResMes}; the
     * rest bound what one client can make the service do (docs/security.md).
     */
    public record Limits(int maxFrameLength, int maxContentLength, int heartbeatSeconds, int bcryptCost,
                         int presenceBroadcastLimit, LoginLimits login, RateLimits rates, Quotas quotas,
                         TokenSettings tokens) {
        public Limits {
            requireNonNull(login, "login");
            requireNonNull(rates, "rates");
            requireNonNull(quotas, "quotas");
            requireNonNull(tokens, "tokens");
        }
    }

    /** A single node's service: no other nodes to tell or hear from. */
    public ChatService(Stores stores, Limits limits, String nodeId, String tokenKey) {
        this(stores, limits, nodeId, tokenKey, Peers.NONE);
    }

    /**
     * @param tokenKey the resume-token key from {@link io.parley.server.store.UserStore#tokenKey}, offered
     *                 {@link #newTokenKey()} the first time
     * @param peers    the other nodes of the cluster; what they tell this node goes to {@link #peerEvents()}
     */
    public ChatService(Stores stores, Limits limits, String nodeId, String tokenKey, Peers peers) {
        requireNonNull(stores, "stores");
        requireNonNull(peers, "peers");
        this.limits = requireNonNull(limits, "limits");
        this.hasher = new PasswordHasher(limits.bcryptCost());
        this.presence = new Presence(stores.presence(), peers, nodeId, limits.presenceBroadcastLimit());
        UserDirectory users = new UserDirectory(stores.users());
        GroupDirectory groups = new GroupDirectory(stores.groups(), peers);
        Delivery delivery = new Delivery(stores.messages(), stores.groups());
        this.accounts = new Accounts(users, hasher, presence, delivery,
                new ResumeTokens(requireNonNull(tokenKey, "tokenKey"), Clock.systemUTC()));
        this.messaging = new Messaging(stores.messages(), users, groups, presence, delivery, peers,
                limits.maxContentLength());
        this.groupRequests = new GroupRequests(groups, presence, delivery);
        this.peerEvents = new FromPeers(presence, groups, messaging, delivery);
    }

    /** Where the cluster layer hands what other nodes say. */
    public PeerEvents peerEvents() {
        return peerEvents;
    }

    /** A random key to offer the store as the resume-token key. */
    public static String newTokenKey() {
        return ResumeTokens.newKey();
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
        if (message instanceof HelloMes) {
            hello(session, first);
        } else if (!session.extended() && !WireTypes.SEED.contains(typeName(message))) {
            // Without a hello the connection reads only the seed's six types, so no reply to an extension
            // request could reach it: ignore it rather than act unseen, e.g. create a group (DispatcherFuzzTest).
            return;
        } else if (message instanceof RegisterMes m) {
            accounts.register(session, m);
        } else if (message instanceof LoginMes m) {
            if (session.state() == SessionState.AUTHENTICATING) {
                session.send(LoginResMes.failure(StatusCode.CONFLICT.code(), "a login is already in progress"));
            } else {
                accounts.login(session, m);
            }
        } else if (message instanceof PingMes m) {
            session.send(new PongMes(m.ts()));
        } else if (message instanceof ResumeMes m) {
            if (session.state() == SessionState.AUTHENTICATING) {
                session.send(LoginResMes.failure(StatusCode.CONFLICT.code(), "a login is already in progress"));
            } else {
                accounts.resume(session, m);
            }
        } else if (!session.authenticated()) {
            Replies.error(session, StatusCode.NOT_LOGGED_IN, "log in first", typeName(message), reqIdOf(message),
                    clientMsgIdOf(message));
        } else {
            authenticated(session, message);
        }
    }

    private void authenticated(ClientSession session, ClientMessage message) {
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
            session.send(new OnlineListResMes(m.reqId(), m.offset(), presence.count(), presence.page(m.offset(), m.limit())));
        } else if (message instanceof WatchMes m) {
            session.send(new WatchResMes(m.reqId(), presence.watch(session, new HashSet<>(m.userIds()))));
        } else if (message instanceof HistoryMes m) {
            messaging.history(session, m);
        } else if (message instanceof LogoutMes) {
            session.link().close();
        } else {
            Replies.error(session, StatusCode.BAD_REQUEST, "unexpected message", typeName(message));
        }
    }

    private void hello(ClientSession session, boolean first) {
        if (!first || session.extended()) {
            Replies.error(session, StatusCode.BAD_REQUEST, "HelloMes must be the first frame of a connection", "HelloMes");
            return;
        }
        session.markExtended();
        session.send(new HelloResMes(2, SERVER_NAME, limits.maxFrameLength(), limits.maxContentLength(),
                limits.heartbeatSeconds()));
    }

    /**
     * A well-framed body that did not decode. Tutorial clients waiting for a register or login reply get
     * that reply type, since they take the next frame as the answer whatever it is.
     */
    public void malformed(ClientSession session, String type, String reason, String reqId, String clientMsgId) {
        session.firstFrame();
        String text = "bad request: " + reason;
        if (!session.extended() && "RegisterMes".equals(type)) {
            session.send(new RegisterResMes(StatusCode.REGISTER_INVALID.code(), text));
        } else if (!session.extended() && "LoginMes".equals(type)) {
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
            Replies.error(session, StatusCode.TOO_LARGE,
                    "frame too large: the limit is " + limits.maxFrameLength() + " bytes", null);
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

    /** The {@code reqId} of a request that has one, so that a refusal can be matched to it. */
    private static String reqIdOf(ClientMessage m) {
        if (m instanceof GroupCreateMes r) {
            return r.reqId();
        } else if (m instanceof GroupJoinMes r) {
            return r.reqId();
        } else if (m instanceof GroupLeaveMes r) {
            return r.reqId();
        } else if (m instanceof GroupListMes r) {
            return r.reqId();
        } else if (m instanceof GroupMembersMes r) {
            return r.reqId();
        } else if (m instanceof OnlineListMes r) {
            return r.reqId();
        } else if (m instanceof HistoryMes r) {
            return r.reqId();
        }
        return null;
    }

    /** The {@code clientMsgId} of a chat message that has one. */
    private static String clientMsgIdOf(ClientMessage m) {
        if (m instanceof PrivateSend r) {
            return r.clientMsgId();
        } else if (m instanceof GroupSend r) {
            return r.clientMsgId();
        } else if (m instanceof SmsMes r) {
            return r.clientMsgId();
        }
        return null;
    }

    private static String typeName(ClientMessage message) {
        return WireTypes.nameOf(message);
    }

    @Override
    public void close() {
        hasher.close();
    }
}
