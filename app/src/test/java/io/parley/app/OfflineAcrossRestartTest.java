package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.server.store.redis.RedisServerExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline messages survive a server restart, on both stores: acknowledged means stored, and stored means
 * delivered at the next login, in order.
 */
class OfflineAcrossRestartTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @TempDir
    Path data;

    @Test
    void privateAndGroupMessagesToAnOfflineUserSurviveARestartOnRedis() throws Exception {
        try (RunningServer server = RunningServer.redis(redis.uri(), data)) {
            sendWhileBobIsOfflineThenRestartAndCheck(server);
        }
    }

    @Test
    void acknowledgedMessagesSurviveARestartOfRedisItself() throws Exception {
        try (RunningServer server = RunningServer.redis(redis.uri(), data)) {
            ChatUser.online(server, 200).disconnect();
            try (ChatUser tom = ChatUser.online(server, 100)) {
                tom.client.sendPrivate(200, "before redis restart").get(5, TimeUnit.SECONDS);
            }
            server.close();
            redis.restart();
            try (RunningServer again = RunningServer.redis(redis.uri(), data);
                    ChatUser bob = new ChatUser(200, "pw-200")) {
                bob.connect(again);
                assertThat(bob.login().ok()).isTrue();
                await().untilAsserted(() -> assertThat(bob.privateTexts()).containsExactly("before redis restart"));
            }
        }
    }

    @Test
    void aTutorialClientGetsItsOfflineMessagesAfterItsLoginReplyOnlyOnce() throws Exception {
        try (RunningServer server = RunningServer.embedded(data)) {
            try (TutorialClient bob = new TutorialClient(server.host(), server.port())) {
                bob.register(200, "pw", "bob");
                assertThat(bob.read().data().get("code").asInt()).isEqualTo(200);
            }
            try (ChatUser tom = ChatUser.online(server, 100)) {
                tom.client.sendPrivate(200, "one").get(5, TimeUnit.SECONDS);
                tom.client.sendPrivate(200, "two").get(5, TimeUnit.SECONDS);
            }
            server.restart();
            try (TutorialClient bob = new TutorialClient(server.host(), server.port())) {
                bob.login(200, "pw");
                assertThat(bob.read().type()).isEqualTo("LoginResMes");
                assertThat(bob.read().data().get("content").asText()).isEqualTo("[private] one");
                assertThat(bob.read().data().get("content").asText()).isEqualTo("[private] two");
            }
            // Written to its socket counts as received for a client that cannot acknowledge.
            try (ChatUser tom = ChatUser.online(server, 100);
                    TutorialClient bob = new TutorialClient(server.host(), server.port())) {
                bob.login(200, "pw");
                assertThat(bob.read().type()).isEqualTo("LoginResMes");
                // The marker: the next message to bob's inbox, delivered after anything the login replayed.
                tom.client.sendPrivate(200, "three").get(5, TimeUnit.SECONDS);
                assertThat(bob.read().data().get("content").asText()).isEqualTo("[private] three");
            }
        }
    }

    private static void sendWhileBobIsOfflineThenRestartAndCheck(RunningServer server) throws Exception {
        ChatUser bob = ChatUser.online(server, 200);
        List<String> expectedPrivate = new ArrayList<>();
        try (ChatUser tom = ChatUser.online(server, 100)) {
            tom.client.createGroup("crew").get(5, TimeUnit.SECONDS);
            bob.client.joinGroup("crew").get(5, TimeUnit.SECONDS);
            bob.disconnect();
            for (int i = 0; i < 20; i++) {
                tom.client.sendPrivate(200, "p" + i).get(5, TimeUnit.SECONDS);
                expectedPrivate.add("p" + i);
            }
            tom.client.sendGroup("crew", "g0").get(5, TimeUnit.SECONDS);
            tom.client.sendGroup("crew", "g1").get(5, TimeUnit.SECONDS);
        }
        server.restart();
        try (ChatUser bobAgain = new ChatUser(200, "pw-200")) {
            bobAgain.connect(server);
            assertThat(bobAgain.login().ok()).isTrue();
            await().untilAsserted(() -> {
                assertThat(bobAgain.privateTexts()).containsExactlyElementsOf(expectedPrivate);
                assertThat(bobAgain.groupTexts()).containsExactly("g0", "g1");
            });
        }
    }
}
