package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.RunningServer;
import io.parley.protocol.message.LogNames;
import io.parley.server.store.redis.RedisServerExtension;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts over real sockets: one for a seq far beyond the head of its log, or for a group the sender is not in,
 * hides nothing — not the sender's own later messages, not anyone else's — on both stores.
 */
class ReceiptAbuseTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @TempDir
    Path data;

    @Test
    void afterAHugeReceiptLaterOfflineMessagesAreStillDeliveredOnTheEmbeddedStore() throws Exception {
        try (RunningServer server = RunningServer.embedded(data)) {
            bogusReceiptsThenOfflineMessages(server);
        }
    }

    @Test
    void afterAHugeReceiptLaterOfflineMessagesAreStillDeliveredOnRedis() throws Exception {
        try (RunningServer server = RunningServer.redis(redis.uri(), data)) {
            bogusReceiptsThenOfflineMessages(server);
        }
    }

    private static void bogusReceiptsThenOfflineMessages(RunningServer server) throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser ann = from("127.0.0.3", server, 300)) {
            tom.client.createGroup("dev").get(5, TimeUnit.SECONDS);
            ann.client.joinGroup("dev").get(5, TimeUnit.SECONDS);
            ChatUser bob = from("127.0.0.2", server, 200);
            tom.client.sendPrivate(200, "before").get(5, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(bob.privateTexts()).containsExactly("before"));
            bob.client.ack(LogNames.INBOX, Long.MAX_VALUE).get(5, TimeUnit.SECONDS);
            bob.client.ack(LogNames.group("dev"), Long.MAX_VALUE).get(5, TimeUnit.SECONDS);
            bob.client.ping().get(5, TimeUnit.SECONDS); // answered after the server has taken both receipts
            bob.disconnect();
            ann.disconnect();

            // The well-behaved users at other addresses go on as before, while bob and ann are offline.
            tom.client.sendPrivate(200, "after the bogus receipt").get(5, TimeUnit.SECONDS);
            tom.client.sendGroup("dev", "for the members").get(5, TimeUnit.SECONDS);

            bob.connect(server);
            assertThat(bob.login().ok()).isTrue();
            assertThat(ann.reconnect(server).ok()).isTrue();
            await().untilAsserted(
                            () -> assertThat(bob.privateTexts()).containsExactly("before", "after the bogus receipt"));
            await().untilAsserted(() -> assertThat(ann.groupTexts()).containsExactly("for the members"));
            assertThat(bob.groups).isEmpty();
            bob.close();
        }
    }

    /** A registered, logged-in user whose connection comes from {@code address}. */
    private static ChatUser from(String address, RunningServer server, int id) throws Exception {
        ChatUser user = new ChatUser(id, "pw-" + id);
        user.client
                .connect(new InetSocketAddress(server.host(), server.port()), new InetSocketAddress(address, 0))
                .get(10, TimeUnit.SECONDS);
        user.client.register(id, user.password, "user" + id).get(10, TimeUnit.SECONDS);
        assertThat(user.login().ok()).isTrue();
        return user;
    }
}
