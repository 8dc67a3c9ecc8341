package io.parley.server.service;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.User;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        service = new ChatService(stores, new ChatService.Limits(maxFrameLength, maxContentLength, 30, 4, 1000,
                // Every client here registers from the same (loopback) address and sends as fast as it can: what is
                // proved is about replies, not about per-address or per-user limits.
                LoginLimits.DEFAULTS.forLoadTest(), RateLimits.UNLIMITED, Quotas.DEFAULTS, TokenSettings.DEFAULTS),
                "test-node", ChatService.newTokenKey());
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
        Client c = connect();
        c.send(new HelloMes(HelloMes.CURRENT_VERSION, "test"));
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
        private static final AtomicLong PINGS = new AtomicLong();

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
            long ts = PINGS.incrementAndGet();
            send(new PingMes(ts));
            link.await(PongMes.class, p -> p.ts() == ts);
        }

        void disconnect() {
            if (open) {
                open = false;
                link.executor().execute(() -> service.closed(session));
            }
        }
    }
}
