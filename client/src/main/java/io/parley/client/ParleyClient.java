package io.parley.client;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.parley.client.Correlator.Key;
import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ChangePasswordMes;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupLeaveMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutAllMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.User;
import io.parley.protocol.message.WatchMes;
import io.parley.protocol.message.WatchResMes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One Parley user's connection, fully asynchronous: every operation returns a {@link CompletableFuture}
 * that completes with the server's reply, fails with {@link ParleyException} when the server refuses it,
 * with a {@link java.util.concurrent.TimeoutException} after {@link ClientOptions#requestTimeout()}, or
 * with {@link java.nio.channels.ClosedChannelException} when the connection is not open or ends first.
 *
 * <p><b>Threads.</b> A client lives on one event loop thread of its group, for all its connections.
 * Futures complete on that thread and the {@link ClientListener} runs on it, so dependent stages
 * ({@code thenApply}, ...) must not block; block with {@code join()} only from other threads. Methods may
 * be called from any thread. Invalid arguments (an empty message, a bad group name) throw
 * {@link IllegalArgumentException} at once.
 *
 * <p><b>Legacy mode.</b> With {@link ClientOptions#legacy()} the client opens like the tutorial's client,
 * without {@code HelloMes}. Register, login and broadcast are then all the server offers; other requests
 * are still sent as asked (tests use that to see how the server treats such a client) and usually end in
 * a timeout or an error.
 *
 * <p><b>Reconnecting.</b> After the connection ends, {@link #connect} may be called again; the client
 * keeps its memory of delivered messages, so what the server redelivers is not delivered twice.
 *
 * <p><b>Failover.</b> With {@link ClientOptions#withReconnect(boolean) reconnecting} on, a client given several
 * server addresses ({@link #connect(List)}) survives the death of its server node by itself. When the
 * connection dies — not after {@link #close()} or {@link #logout()} — it tells
 * {@link ClientListener#onReconnecting}, waits a backoff with jitter ({@link ReconnectPolicy}) and tries the
 * addresses in turn, starting after the one that failed, until one answers; there it resumes the session with
 * the latest resume token (never the password), tells {@link ClientListener#onReconnected}, and sends again, in
 * their original order and with the same {@code clientMsgId}, the messages no server acknowledged, then those
 * sent meanwhile. The server stores a {@code clientMsgId} once, so each of them is stored and delivered once, and
 * each send's future completes with the acknowledgement it finally gets. While reconnecting, sends wait (up to
 * {@link ReconnectPolicy#maxQueuedSends()}); every other request, and those in flight when the connection died,
 * fail with {@link ParleyException} 503. A refused resume ends the client: {@link ClientListener#onClosed} hears
 * the refusal and waiting sends fail with it.
 */
public final class ParleyClient {
    private final EventLoop loop;
    private final ClientOptions options;
    private final Receipts receipts = new Receipts();
    private final ClientIds ids = new ClientIds();
    private final Connection link;
    private volatile int userId;
    private volatile String userName = "";

    /** A client on the process-wide {@link Transport#shared()} group. */
    public ParleyClient(ClientOptions options, ClientListener listener) {
        this(Transport.shared(), options, listener);
    }

    /** A client on {@code group}, for example a load generator's own group from {@link Transport#newGroup}. */
    public ParleyClient(EventLoopGroup group, ClientOptions options, ClientListener listener) {
        this.loop = Objects.requireNonNull(group, "group").next();
        this.options = Objects.requireNonNull(options, "options");
        this.link = new Connection(loop, options, Objects.requireNonNull(listener, "listener"), receipts, ids);
    }

    /**
     * Opens the connection ({@code host} is resolved on the calling thread) and, unless the options say
     * legacy, says hello. Completes with the server's {@link HelloResMes}, or with null in legacy mode.
     */
    public CompletableFuture<HelloResMes> connect(String host, int port) {
        Objects.requireNonNull(host, "host");
        return connect(new InetSocketAddress(host, port));
    }

    /** Like {@link #connect(String, int)}, to an address. */
    public CompletableFuture<HelloResMes> connect(InetSocketAddress address) {
        return link.connect(List.of(Objects.requireNonNull(address, "address")), null);
    }

    /**
     * Connects to the first of {@code servers} that answers, trying each once, in order; completes with its
     * {@link HelloResMes} (null in legacy mode), or fails with the last address's error when none answers.
     * With reconnecting on, the client later fails over among these addresses by itself.
     */
    public CompletableFuture<HelloResMes> connect(List<InetSocketAddress> servers) {
        List<InetSocketAddress> copy = List.copyOf(Objects.requireNonNull(servers, "servers"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("servers: [] (expected: at least one address)");
        }
        return link.connect(copy, null);
    }

    /**
     * Like {@link #connect(InetSocketAddress)}, from {@code localAddress}: a load generator spreads its
     * connections over several loopback source addresses so their number is not capped by one address's
     * ephemeral ports.
     */
    public CompletableFuture<HelloResMes> connect(InetSocketAddress address, InetSocketAddress localAddress) {
        return link.connect(
                List.of(Objects.requireNonNull(address, "address")),
                Objects.requireNonNull(localAddress, "localAddress"));
    }

    /** Creates an account; a refusal (505 taken, 506 invalid) is a reply, not a failure. */
    public CompletableFuture<RegisterResMes> register(int userId, String password, String name) {
        RegisterMes request = new RegisterMes(new User(userId, password, name, 0, ""));
        return link.exchange(request, Key.reply(RegisterResMes.class), RegisterResMes.class);
    }

    /** Logs in; a refusal (500 no such user, 403 wrong password) is a result whose {@code ok()} is false. */
    public CompletableFuture<LoginResult> login(int userId, String password) {
        return link.exchange(new LoginMes(userId, password, ""), Key.reply(LoginResMes.class), LoginResMes.class)
                .thenApply(reply -> loggedIn(userId, reply));
    }

    /** Logs in again with the {@link LoginResult#resumeToken()} of an earlier login. */
    public CompletableFuture<LoginResult> resume(int userId, String token) {
        return link.exchange(new ResumeMes(userId, token), Key.reply(LoginResMes.class), LoginResMes.class)
                .thenApply(reply -> loggedIn(userId, reply));
    }

    /**
     * Connects to {@code address} (from {@code localAddress} unless it is null) and logs in again with
     * {@code token}, as {@link #connect(InetSocketAddress)} and then {@link #resume} do, but with the resume
     * written right behind the hello: one round trip less, as a client coming back after a network change
     * wants. A refusal of the token is a result whose {@code ok()} is false.
     */
    public CompletableFuture<LoginResult> connectAndResume(
            InetSocketAddress address, InetSocketAddress localAddress, int userId, String token) {
        Connection.ResumeBehindHello resume = new Connection.ResumeBehindHello(userId, token);
        return link.connect(List.of(Objects.requireNonNull(address, "address")), localAddress, resume)
                .thenCompose(hello -> resume.reply())
                .thenApply(reply -> loggedIn(userId, reply));
    }

    /** Runs on the event loop, before any frame that follows the reply is dispatched. */
    private LoginResult loggedIn(int id, LoginResMes reply) {
        LoginResult result = LoginResult.of(id, reply);
        if (result.ok()) {
            if (id != userId) {
                receipts.reset();
            }
            userId = id;
            userName = result.userName() == null ? "" : result.userName();
            link.loggedIn(id, result.resumeToken());
        }
        return result;
    }

    /**
     * Drops the connection without a goodbye, as a failing network would (a TCP reset); with reconnecting on,
     * the client then reconnects and resumes as after any failure. For failure drills ({@code parley chaos}).
     */
    public void abortConnection() {
        link.abort();
    }

    /** Sends a private message with a fresh {@code clientMsgId}; completes once the server stored it. */
    public CompletableFuture<SendAckMes> sendPrivate(int toUserId, String content) {
        return sendPrivate(toUserId, content, ids.next());
    }

    /** Sends (or resends) a private message with the given {@code clientMsgId}. */
    public CompletableFuture<SendAckMes> sendPrivate(int toUserId, String content, String clientMsgId) {
        Objects.requireNonNull(clientMsgId, "clientMsgId");
        return link.send(new PrivateSend(toUserId, content, clientMsgId), clientMsgId);
    }

    /** Sends a message to a group with a fresh {@code clientMsgId}; completes once the server stored it. */
    public CompletableFuture<SendAckMes> sendGroup(String group, String content) {
        return sendGroup(group, content, ids.next());
    }

    /** Sends (or resends) a group message with the given {@code clientMsgId}. */
    public CompletableFuture<SendAckMes> sendGroup(String group, String content, String clientMsgId) {
        Objects.requireNonNull(clientMsgId, "clientMsgId");
        return link.send(new GroupSend(group, content, clientMsgId), clientMsgId);
    }

    /**
     * Sends a message to everyone online. The seed's server acknowledges nothing, so in legacy mode the
     * future completes with null once the frame is written.
     */
    public CompletableFuture<SendAckMes> broadcast(String content) {
        return broadcast(content, ids.next());
    }

    /** Sends (or resends) a message to everyone online with the given {@code clientMsgId}. */
    public CompletableFuture<SendAckMes> broadcast(String content, String clientMsgId) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(clientMsgId, "clientMsgId");
        if (options.legacy()) {
            return link.write(SmsMes.seed(content, userId, userName)).thenApply(written -> null);
        }
        SmsMes request = new SmsMes(content, userId, "", userName, 0, "", null, null, clientMsgId);
        return link.send(request, clientMsgId);
    }

    public CompletableFuture<OkMes> createGroup(String group) {
        String reqId = ids.next();
        return link.exchange(new GroupCreateMes(group, reqId), Key.reqId(reqId), OkMes.class);
    }

    public CompletableFuture<OkMes> joinGroup(String group) {
        String reqId = ids.next();
        return link.exchange(new GroupJoinMes(group, reqId), Key.reqId(reqId), OkMes.class);
    }

    public CompletableFuture<OkMes> leaveGroup(String group) {
        String reqId = ids.next();
        return link.exchange(new GroupLeaveMes(group, reqId), Key.reqId(reqId), OkMes.class);
    }

    /**
     * All groups, sorted by name, with member counts and whether this user is a member: every page, fetched one
     * after another and joined into one reply (offset 0, no reqId).
     */
    public CompletableFuture<GroupListResMes> listGroups() {
        return Pages.all(offset -> listGroups(offset, 0), page -> page.groups().size(), GroupListResMes::total)
                .thenApply(pages -> new GroupListResMes(
                        null,
                        0,
                        pages.get(pages.size() - 1).total(),
                        pages.stream().flatMap(page -> page.groups().stream()).toList()));
    }

    /**
     * One page of the groups from {@code offset}; a limit outside 1..100 means 100, and the server may send
     * fewer, so the next page starts at {@code offset} plus what came back.
     */
    public CompletableFuture<GroupListResMes> listGroups(int offset, int limit) {
        String reqId = ids.next();
        return link.exchange(new GroupListMes(reqId, offset, limit), Key.reqId(reqId), GroupListResMes.class);
    }

    /** All of a group's members and which of them are online: every page, joined into one reply (offset 0). */
    public CompletableFuture<GroupMembersResMes> groupMembers(String group) {
        return Pages.all(
                        offset -> groupMembers(group, offset, 0),
                        page -> page.members().size(),
                        GroupMembersResMes::total)
                .thenApply(pages -> new GroupMembersResMes(
                        null,
                        group,
                        0,
                        pages.get(pages.size() - 1).total(),
                        pages.stream().flatMap(page -> page.members().stream()).toList(),
                        pages.stream().flatMap(page -> page.online().stream()).toList()));
    }

    /** One page of a group's members from {@code offset}, ascending; paged like {@link #listGroups(int, int)}. */
    public CompletableFuture<GroupMembersResMes> groupMembers(String group, int offset, int limit) {
        String reqId = ids.next();
        return link.exchange(
                new GroupMembersMes(group, reqId, offset, limit), Key.reqId(reqId), GroupMembersResMes.class);
    }

    /** One page of online user ids, ascending; a limit outside 1..1000 means 1000. */
    public CompletableFuture<OnlineListResMes> onlineUsers(int offset, int limit) {
        String reqId = ids.next();
        return link.exchange(new OnlineListMes(offset, limit, reqId), Key.reqId(reqId), OnlineListResMes.class);
    }

    /**
     * Watches these users' online/offline changes (replacing any earlier list); completes with those of them
     * online now. Above the server's presence broadcast limit, watched users are the only ones a client hears
     * about.
     */
    public CompletableFuture<WatchResMes> watch(Collection<Integer> userIds) {
        String reqId = ids.next();
        return link.exchange(new WatchMes(List.copyOf(userIds), reqId), Key.reqId(reqId), WatchResMes.class);
    }

    /**
     * The latest messages of {@code log} ({@code "inbox"} or {@code "group:<name>"}) before {@code beforeSeq}
     * (0: from the newest), oldest first. History is not deduplicated: it is an answer, not a delivery.
     */
    public CompletableFuture<HistoryResMes> history(String log, long beforeSeq, int limit) {
        String reqId = ids.next();
        return link.exchange(new HistoryMes(log, beforeSeq, limit, reqId), Key.reqId(reqId), HistoryResMes.class);
    }

    /** Measures one round trip. */
    public CompletableFuture<Duration> ping() {
        long ts = ids.pingTimestamp();
        long start = System.nanoTime();
        return link.exchange(new PingMes(ts), Key.ping(ts), PongMes.class)
                .thenApply(pong -> Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Acknowledges everything of {@code log} up to {@code seq}; only needed when
     * {@link ClientOptions#autoAck()} is off. Completes when written (the server does not answer).
     */
    public CompletableFuture<Void> ack(String log, long seq) {
        return link.write(new AckMes(log, seq));
    }

    /**
     * Changes the password; a wrong {@code oldPassword} fails with {@link ParleyException} 403. On success every
     * other session of the user is closed and every earlier resume token stops working, while this session
     * stays logged in: the reply's fresh resume token replaces the one the client would reconnect with.
     */
    public CompletableFuture<OkMes> changePassword(String oldPassword, String newPassword) {
        String reqId = ids.next();
        return link.exchange(new ChangePasswordMes(oldPassword, newPassword, reqId), Key.reqId(reqId), OkMes.class)
                .thenApply(this::renewed);
    }

    /**
     * Logs the user out everywhere: its other sessions, on every node, are closed and every earlier resume token
     * stops working. This session stays logged in, with the fresh token of the reply.
     */
    public CompletableFuture<OkMes> logoutEverywhere() {
        String reqId = ids.next();
        return link.exchange(new LogoutAllMes(reqId), Key.reqId(reqId), OkMes.class)
                .thenApply(this::renewed);
    }

    /** Runs on the event loop, before any later frame is dispatched. */
    private OkMes renewed(OkMes reply) {
        if (reply.resumeToken() != null) {
            link.loggedIn(userId, reply.resumeToken());
        }
        return reply;
    }

    /**
     * Ends the session: the server revokes its resume tokens, flushes and closes the connection. Completes once it is closed; if the
     * server does not close within the request timeout, the client closes it.
     */
    public CompletableFuture<Void> logout() {
        return link.logout();
    }

    /**
     * Closes the connection without logging out, like the tutorial's client does, and stops reconnecting.
     * Completes after pending requests and waiting sends have failed and {@link ClientListener#onClosed} has run.
     */
    public CompletableFuture<Void> close() {
        return link.close();
    }

    public boolean isConnected() {
        return link.isConnected();
    }

    /**
     * True between {@link ClientListener#onReconnecting} and {@link ClientListener#onReconnected} (or the
     * final {@link ClientListener#onClosed}): the session lives on, but nothing reaches a server meanwhile.
     */
    public boolean isReconnecting() {
        return link.isReconnecting();
    }

    /** False while more than {@link ClientOptions#writeBufferHigh()} bytes wait to be sent. */
    public boolean isWritable() {
        return link.isWritable();
    }

    /** The logged-in user's id, or 0 before the first successful login. */
    public int userId() {
        return userId;
    }

    /** The server's answer to this connection's hello; null before it, and always in legacy mode. */
    public HelloResMes hello() {
        return link.hello();
    }

    /** The thread that runs this client's listener and completes its futures. */
    public EventLoop executor() {
        return loop;
    }

    public ClientOptions options() {
        return options;
    }
}
