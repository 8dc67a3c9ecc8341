package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.User;
import io.parley.server.ServerConfig;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration applies the user-name rules of {@link Names}: names are stored NFKC-normalised, and a name
 * holding a control, invisible, unassigned or private-use character is refused with 506 and a sentence
 * that says why — on the real service with a SQLite store.
 */
class UserNameRulesTest {
    private static final ServerConfig CONFIG = ServerConfig.defaults().withBcryptCost(4);

    private Stores stores;
    private ChatService service;
    private final ExecutorService loop = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start(@TempDir Path dataDir) throws Exception {
        stores = SqliteStores.open(dataDir);
        service = new ChatService(
                stores,
                new ChatService.Limits(
                        CONFIG.maxFrameLength(),
                        CONFIG.maxContentLength(),
                        CONFIG.heartbeatSeconds(),
                        CONFIG.bcryptCost(),
                        CONFIG.presenceBroadcastLimit(),
                        CONFIG.login(),
                        CONFIG.rates(),
                        CONFIG.quotas(),
                        CONFIG.tokens()),
                "test",
                stores.sessions()
                        .tokenKeys(ChatService.newTokenKey())
                        .get(30, TimeUnit.SECONDS)
                        .current());
    }

    @AfterEach
    void stop() throws Exception {
        loop.shutdownNow();
        service.close();
        stores.close();
    }

    @Test
    void namesWithControlInvisibleUnassignedOrPrivateUseCharactersAreRefusedWith506() {
        List<String> crafted = List.of(
                "tom\u001b[2J",
                "tom\nFAKE 12:00:00 INFO login",
                "\u202Emot",
                "t\u2066om",
                "to\u200Bm",
                "tom\u200E",
                "tom\u0085",
                "tom\u007f",
                "tom\uE000",
                "tom\u0378",
                "tom\uD800");
        int id = 100;
        for (String name : crafted) {
            RegisterResMes reply = (RegisterResMes) request(new RegisterMes(new User(++id, "pw", name, 0, "")));

            assertThat(reply.code()).as(name).isEqualTo(506);
            assertThat(reply.error()).as(name).startsWith("user name must not contain");
        }
    }

    @Test
    void aFullWidthNameIsStoredInItsNfkcFormAndLogsInUnderIt() {
        RegisterResMes registered = (RegisterResMes) request(new RegisterMes(new User(7, "pw", " ｔｏｍ ", 0, "")));
        assertThat(registered.code()).isEqualTo(200);

        RecordingLink link = new RecordingLink("parley", loop);
        ClientSession session = service.open(link);
        loop.execute(() -> service.handle(session, new HelloMes(HelloMes.CURRENT_VERSION, "test")));
        loop.execute(() -> service.handle(session, new LoginMes(7, "pw", "")));
        LoginResMes login = (LoginResMes)
                await().atMost(Duration.ofSeconds(30)).until(() -> lastOf(link, LoginResMes.class), r -> r != null);

        assertThat(login.code()).isEqualTo(200);
        assertThat(login.userName()).isEqualTo("tom");
    }

    @Test
    void aNameOf32CharactersIsAcceptedAnd33AreRefusedCountingCharactersNotUtf16Units() {
        String emoji = "😀";
        assertThat(((RegisterResMes) request(new RegisterMes(new User(8, "pw", emoji.repeat(32), 0, "")))).code())
                .isEqualTo(200);

        RegisterResMes tooLong = (RegisterResMes) request(new RegisterMes(new User(9, "pw", emoji.repeat(33), 0, "")));
        assertThat(tooLong.code()).isEqualTo(506);
        assertThat(tooLong.error()).isEqualTo("user name is longer than 32 characters");
    }

    /** Sends one request on a fresh tutorial connection and returns the reply. */
    private ServerMessage request(RegisterMes message) {
        RecordingLink link = new RecordingLink("tutorial", loop);
        ClientSession session = service.open(link);
        loop.execute(() -> service.handle(session, message));
        return await().atMost(Duration.ofSeconds(30)).until(() -> lastOf(link, RegisterResMes.class), r -> r != null);
    }

    private static ServerMessage lastOf(RecordingLink link, Class<? extends ServerMessage> type) {
        return link.sent().stream().filter(type::isInstance).reduce((a, b) -> b).orElse(null);
    }
}
