package io.parley.server.service;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.User;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ChatService} on a real SQLite store in a folder, and Parley clients made of {@link RecordingLink}s:
 * service behaviour without sockets. Rates are unlimited, so that what a test proves is not a rate limit's doing.
 */
final class ServiceFixture implements AutoCloseable {
    final Stores stores;
    final ChatService service;
    private final List<Client> clients = new ArrayList<>();

    ServiceFixture(Path dataDir, int maxFrameLength, int maxContentLength) throws Exception {
        this(SqliteStores.open(dataDir), maxFrameLength, maxContentLength);
    }

    /** On {@code stores}, which it closes. */
    ServiceFixture(Stores stores, int maxFrameLength, int maxContentLength) {
        this.stores = stores;
        service = new ChatService(
                stores,
                new ChatService.Limits(
                        maxFrameLength,
                        maxContentLength,
                        30,
                        4,
                        1000,
                        // Every client here registers from the same (loopback) address and sends as fast as it can:
                        // what is
                        // proved is about replies, not about per-address or per-user limits.
                        LoginLimits.DEFAULTS.forLoadTest(),
                        RateLimits.UNLIMITED,
                        Quotas.DEFAULTS,
                        TokenSettings.DEFAULTS),
                "test-node",
                ChatService.newTokenKey());
    }

    /** Registers {@code userId} (password "pw") on a connection of its own. */
    void register(int userId) {
        Client c = connect();
        c.send(new RegisterMes(new User(userId, "pw", "user" + userId, 0, "")));
        c.link.await(RegisterResMes.class, r -> true);
        c.disconnect();
    }

    /** A Parley connection (it said hello) logged in as {@code userId}. */
    Client login(int userId) {
        return login(userId, new RecordingLink());
    }

    /**
     * A Parley connection logged in as {@code userId} whose work runs on {@code loop}, which must run tasks one at
     * a time in order: connections that share an event loop, as a server's many connections do.
     */
    Client login(int userId, Executor loop) {
        return login(userId, new RecordingLink("user " + userId, loop));
    }

    /** A Parley connection that said hello in {@code helloVersion}, logged in as {@code userId}. */
    Client loginSaying(int helloVersion, int userId) {
        return login(userId, new RecordingLink(), helloVersion);
    }

    private Client login(int userId, RecordingLink link) {
        return login(userId, link, HelloMes.CURRENT_VERSION);
    }

    private Client login(int userId, RecordingLink link, int helloVersion) {
        Client c = new Client(link);
        clients.add(c);
        c.send(new HelloMes(helloVersion, "test"));
        c.send(new LoginMes(userId, "pw", ""));
        c.link.await(LoginResMes.class, r -> r.code() == 200);
        return c;
    }

    /** A tutorial connection (no hello) logged in as {@code userId}. */
    Client loginTutorial(int userId) {
        Client c = connect();
        c.send(new LoginMes(userId, "pw", ""));
        c.link.await(LoginResMes.class, r -> r.code() == 200);
        return c;
    }

    Client connect() {
        Client c = new Client(new RecordingLink());
        clients.add(c);
        return c;
    }

    @Override
    public void close() throws Exception {
        clients.forEach(Client::disconnect);
        service.close();
        stores.close();
        clients.forEach(c -> c.link.shutdown());
    }

    /** One connection: requests go to the service on the connection's executor, as the transport sends them. */
    final class Client {
        /** Pings' timestamps, clientMsgIds and reqIds: unique across the test run. */
        private static final AtomicLong IDS = new AtomicLong();

        final RecordingLink link;
        final ClientSession session;
        private boolean open = true;

        Client(RecordingLink link) {
            this.link = link;
            this.session = service.open(link);
        }

        void send(ClientMessage message) {
            link.executor().execute(() -> service.handle(session, message));
        }

        /** Returns once the service has handled everything sent before: a ping's answer comes after it. */
        void sync() {
            long ts = IDS.incrementAndGet();
            send(new PingMes(ts));
            link.await(PongMes.class, p -> p.ts() == ts);
        }

        /** Sends {@code content} to {@code toUserId} and returns its acknowledgement, once stored. */
        SendAckMes sendPrivate(int toUserId, String content) {
            String id = "c-" + IDS.incrementAndGet();
            send(new PrivateSend(toUserId, content, id));
            return link.await(SendAckMes.class, a -> id.equals(a.clientMsgId()));
        }

        /** Sends {@code content} to {@code group} and returns its acknowledgement, once stored. */
        SendAckMes sendGroup(String group, String content) {
            String id = "c-" + IDS.incrementAndGet();
            send(new GroupSend(group, content, id));
            return link.await(SendAckMes.class, a -> id.equals(a.clientMsgId()));
        }

        /** Creates {@code group}, which must not exist yet. */
        void createGroup(String group) {
            String reqId = "r-" + IDS.incrementAndGet();
            send(new GroupCreateMes(group, reqId));
            link.await(OkMes.class, ok -> reqId.equals(ok.reqId()));
        }

        /** Joins {@code group}, which this user must not be in yet. */
        void join(String group) {
            String reqId = "r-" + IDS.incrementAndGet();
            send(new GroupJoinMes(group, reqId));
            link.await(OkMes.class, ok -> reqId.equals(ok.reqId()));
        }

        void disconnect() {
            if (open) {
                open = false;
                link.executor().execute(() -> service.closed(session));
            }
        }
    }
}
