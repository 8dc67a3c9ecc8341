package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.ServerConfig;
import io.parley.server.store.Stores;
import io.parley.server.store.UserRecord;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A service on real stores, with users made directly in the store and sessions logged in over recording links. */
final class PacedServiceFixture implements AutoCloseable {
    static final String PASSWORD = "secret";

    final Stores stores;
    final ChatService service;
    private final String hash;

    PacedServiceFixture(Stores stores) throws Exception {
        this.stores = stores;
        this.service = new ChatService(stores, limits(), "test-node", ChatService.newTokenKey());
        try (PasswordHasher hasher = new PasswordHasher(4, 1)) {
            hash = hasher.hash(PASSWORD, () -> true).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The default limits, except the per-user rates and quotas, which these tests, driving one user hard,
     * would otherwise trip; what they prove is about pacing and queues, not those limits.
     */
    static ChatService.Limits limits() {
        ServerConfig d = ServerConfig.defaults();
        return new ChatService.Limits(
                d.maxFrameLength(),
                d.maxContentLength(),
                d.heartbeatSeconds(),
                4,
                d.presenceBroadcastLimit(),
                d.login(),
                d.rates().forLoadTest(),
                d.quotas().forLoadTest(),
                d.tokens());
    }

    void createUser(int userId, String name) throws Exception {
        assertThat(stores.users()
                        .create(new UserRecord(userId, name, hash, System.currentTimeMillis()))
                        .get(10, TimeUnit.SECONDS))
                .isTrue();
    }

    /** A Parley connection (hello first) logged in as {@code userId}; its hello and login replies are read. */
    ClientSession login(RecordingLink link, int userId) throws Exception {
        ClientSession session = service.open(link);
        link.executor().execute(() -> {
            service.handle(session, new HelloMes(HelloMes.CURRENT_VERSION, "test"));
            service.handle(session, new LoginMes(userId, PASSWORD, ""));
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !link.all(LoginResMes.class).isEmpty());
        assertThat(link.all(HelloResMes.class)).hasSize(1);
        assertThat(link.all(LoginResMes.class).get(0).code()).isEqualTo(StatusCode.OK.code());
        return session;
    }

    @Override
    public void close() throws Exception {
        try {
            service.close();
        } finally {
            stores.close();
        }
    }
}
