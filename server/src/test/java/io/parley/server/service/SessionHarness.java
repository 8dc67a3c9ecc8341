package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.User;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ChatService} on a real SQLite store in a temporary folder, with connections that are
 * {@link RecordingLink}s: what the service sends is read in order, and closing a link ends its session as the
 * transport would. Each link runs its tasks one at a time in order, like a channel's event loop.
 */
final class SessionHarness implements AutoCloseable {
    private static final long WAIT_SECONDS = 30;

    final Stores stores;
    final ChatService service;
    private final List<RecordingLink> links = new CopyOnWriteArrayList<>();

    SessionHarness(Path dataDir, TokenSettings tokens, Peers peers) throws Exception {
        stores = SqliteStores.open(dataDir);
        String key = stores.sessions()
                .tokenKeys(ChatService.newTokenKey())
                .get(WAIT_SECONDS, TimeUnit.SECONDS)
                .current();
        service = new ChatService(
                stores,
                new ChatService.Limits(
                        65_536,
                        4_096,
                        30,
                        4,
                        1_000,
                        LoginLimits.DEFAULTS,
                        RateLimits.DEFAULTS,
                        Quotas.DEFAULTS,
                        tokens),
                "node-1",
                key,
                peers);
    }

    /** A new connection that has said hello (a Parley client). */
    Connection parley() {
        Connection c = new Connection();
        c.send(new HelloMes(HelloMes.CURRENT_VERSION, "test"));
        c.next(HelloResMes.class);
        return c;
    }

    /** A new connection that never says hello (the tutorial's client). */
    Connection tutorial() {
        return new Connection();
    }

    void register(int userId, String password) {
        Connection c = tutorial();
        c.send(new RegisterMes(new User(userId, password, "user" + userId, 0, "")));
        assertThat(c.next(RegisterResMes.class).code()).isEqualTo(200);
        c.link.close();
    }

    /** A Parley connection logged in with the password; returns it with its login reply read. */
    Connection loggedIn(int userId, String password) {
        Connection c = parley();
        c.send(new LoginMes(userId, password, ""));
        c.login = c.next(LoginResMes.class);
        assertThat(c.login.code()).as(c.login.error()).isEqualTo(200);
        return c;
    }

    /** The reply to a resume with {@code token} on a new Parley connection. */
    LoginResMes resume(int userId, String token) {
        Connection c = parley();
        c.send(new ResumeMes(userId, token));
        LoginResMes reply = c.next(LoginResMes.class);
        c.link.close();
        return reply;
    }

    @Override
    public void close() throws Exception {
        service.close();
        stores.close();
        links.forEach(RecordingLink::shutdown);
    }

    /** One connection: its session and everything sent to it; closing its link ends the session. */
    final class Connection {
        final RecordingLink link = new RecordingLink();
        final ClientSession session = service.open(link);
        LoginResMes login;

        Connection() {
            link.endsSessionOnClose(service, session);
            links.add(link);
        }

        void send(ClientMessage message) {
            link.executor().execute(() -> service.handle(session, message));
        }

        /** The next message sent to this connection, skipping presence notices; fails if it is of another type. */
        <T extends ServerMessage> T next(Class<T> type) {
            ServerMessage m;
            do {
                m = link.next(ServerMessage.class);
            } while (m instanceof NotifyUserStatusMes && type != m.getClass());
            assertThat(m).isInstanceOf(type);
            return type.cast(m);
        }
    }
}
