package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.User;
import io.parley.protocol.message.WatchMes;
import io.parley.server.store.Logs;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The message and request rates and the quotas, through the service's front door with real SQLite stores: what
 * is refused, with which code, and that nothing refused is stored or acknowledged. The rates are set so low
 * (one token per thousand seconds) that no token comes back during a test: what is refused does not depend on
 * how fast the machine is. Refilling over time is UserBucketsTest's, with a clock of its own.
 */
class RatesAndQuotasTest {
    private static final double NEVER_REFILLS = 0.001;

    @TempDir
    Path dataDir;

    private Stores stores;
    private ChatService service;
    private final List<RecordingLink> links = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        links.forEach(RecordingLink::shutdown);
        service.close();
        stores.close();
    }

    @Test
    void messagesBeyondTheBurstAreRefusedWith429AndNeitherStoredNorAcknowledged() throws Exception {
        start(new RateLimits(NEVER_REFILLS, 3, 100, 100), Quotas.DEFAULTS);
        Connection ann = parley(1);
        parley(2);

        for (int i = 1; i <= 5; i++) {
            ann.send(new PrivateSend(2, "hello " + i, "c-" + i));
        }

        ErrorMes refused = ann.link.await(ErrorMes.class, e -> "c-5".equals(e.clientMsgId()));
        assertThat(refused.code()).isEqualTo(StatusCode.TOO_MANY_REQUESTS.code());
        assertThat(refused.retryAfterMs()).isPositive();
        assertThat(refused.reqType()).isEqualTo("PrivateMes");
        assertThat(ann.link.all(ErrorMes.class))
                .extracting(ErrorMes::clientMsgId)
                .containsExactly("c-4", "c-5");
        // The refusals come at once; the acknowledgements only once stored.
        ann.link.await(SendAckMes.class, a -> "c-3".equals(a.clientMsgId()));
        assertThat(ann.link.all(SendAckMes.class))
                .extracting(SendAckMes::clientMsgId)
                .containsExactly("c-1", "c-2", "c-3");
        assertThat(stores.messages().head(Logs.inbox(2)).get(10, TimeUnit.SECONDS))
                .isEqualTo(3);
    }

    @Test
    void oneUsersSessionsShareTheirBucketAndOtherUsersHaveTheirOwn() throws Exception {
        start(new RateLimits(NEVER_REFILLS, 2, 100, 100), Quotas.DEFAULTS);
        Connection phone = parley(1);
        Connection laptop = parley(1);
        Connection bob = parley(2);

        phone.send(new PrivateSend(2, "one", "p-1"));
        phone.send(new PrivateSend(2, "two", "p-2"));
        phone.link.await(SendAckMes.class, a -> "p-2".equals(a.clientMsgId()));
        laptop.send(new PrivateSend(2, "three", "l-1"));
        bob.send(new PrivateSend(1, "hi", "b-1"));

        assertThat(laptop.link
                        .await(ErrorMes.class, e -> "l-1".equals(e.clientMsgId()))
                        .code())
                .isEqualTo(429);
        bob.link.await(SendAckMes.class, a -> "b-1".equals(a.clientMsgId()));
        assertThat(bob.link.all(ErrorMes.class)).isEmpty();
    }

    @Test
    void groupMessagesAndBroadcastsTakeFromTheSameBucket() throws Exception {
        start(new RateLimits(NEVER_REFILLS, 3, 100, 100), Quotas.DEFAULTS);
        Connection ann = parley(1);
        ann.send(new GroupCreateMes("chess", "r-1"));
        ann.link.await(OkMes.class, ok -> "r-1".equals(ok.reqId()));

        ann.send(new PrivateSend(1, "to myself", "c-1"));
        ann.send(new GroupSend("chess", "to the group", "c-2"));
        ann.send(new SmsMes("to all", 0, "", "", 0, "", null, null, "c-3"));
        ann.send(new GroupSend("chess", "one too many", "c-4"));
        ann.send(new SmsMes("one too many", 0, "", "", 0, "", null, null, "c-5"));

        ann.link.await(ErrorMes.class, e -> "c-5".equals(e.clientMsgId()));
        assertThat(ann.link.all(ErrorMes.class))
                .extracting(ErrorMes::clientMsgId, ErrorMes::code)
                .containsExactly(tuple("c-4", 429), tuple("c-5", 429));
        // The refusals come at once; the accepted ones only once stored.
        ann.link.await(SendAckMes.class, a -> "c-2".equals(a.clientMsgId()));
        ann.link.await(SendAckMes.class, a -> "c-3".equals(a.clientMsgId()));
        assertThat(stores.messages().head(Logs.ALL).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(stores.messages().head(Logs.group("chess")).get(10, TimeUnit.SECONDS))
                .isEqualTo(1);
    }

    @Test
    void aTutorialConnectionIsToldInAReadableNoticeFromUserZero() throws Exception {
        start(new RateLimits(NEVER_REFILLS, 1, 100, 100), Quotas.DEFAULTS);
        Connection tutorial = tutorial(1);

        tutorial.send(SmsMes.seed("first", 1, "user1"));
        tutorial.send(SmsMes.seed("second", 1, "user1"));

        SmsMes notice = tutorial.link.await(SmsMes.class, m -> m.userId() == Replies.SYSTEM_USER);
        assertThat(notice.content())
                .startsWith("error 429: too many messages: 0.001 a second, 1 at once")
                .contains("try again in");
        assertThat(tutorial.link.all(ErrorMes.class)).isEmpty();
        // The first is stored, though maybe after the second's refusal: a broadcast is not acknowledged to wait for.
        await().untilAsserted(() -> assertThat(stores.messages().head(Logs.ALL).get(10, TimeUnit.SECONDS))
                .isEqualTo(1));
    }

    @Test
    void historyListAndWatchRequestsBeyondTheBurstAreRefusedWith429AndTheirReqIdPerConnection() throws Exception {
        start(new RateLimits(100, 100, NEVER_REFILLS, 3), Quotas.DEFAULTS);
        Connection ann = parley(1);
        Connection annElsewhere = parley(1);

        ann.send(new HistoryMes(LogNames.INBOX, 0, 10, "h-1"));
        ann.send(new GroupListMes("l-1"));
        ann.send(new OnlineListMes(0, 10, "o-1"));
        ann.send(new WatchMes(List.of(2), "w-1"));
        ann.send(new HistoryMes(LogNames.INBOX, 0, 10, "h-2"));
        annElsewhere.send(new HistoryMes(LogNames.INBOX, 0, 10, "e-1"));

        ann.link.await(ErrorMes.class, e -> "h-2".equals(e.reqId()));
        assertThat(ann.link.all(ErrorMes.class)).extracting(ErrorMes::reqId).containsExactly("w-1", "h-2");
        assertThat(ann.link.all(ErrorMes.class)).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(429);
            assertThat(e.retryAfterMs()).isPositive();
        });
        annElsewhere.link.await(HistoryResMes.class, h -> "e-1".equals(h.reqId()));
        ann.send(new PrivateSend(1, "messages have their own bucket", "c-1"));
        ann.link.await(SendAckMes.class, a -> "c-1".equals(a.clientMsgId()));
    }

    @Test
    void privateMessagesToAFullInboxAreRefusedWith507AndReadingMakesRoom() throws Exception {
        start(RateLimits.DEFAULTS, new Quotas(2, 1 << 20, 10, 10));
        Connection ann = parley(1);
        parley(2).link.close();

        for (int i = 1; i <= 3; i++) {
            ann.send(new PrivateSend(2, "waiting " + i, "c-" + i));
        }

        ErrorMes refused = ann.link.await(ErrorMes.class, e -> "c-3".equals(e.clientMsgId()));
        assertThat(refused.code()).isEqualTo(StatusCode.QUOTA_EXCEEDED.code());
        assertThat(refused.reqType()).isEqualTo("PrivateMes");
        assertThat(ann.link.all(SendAckMes.class))
                .extracting(SendAckMes::clientMsgId)
                .containsExactly("c-1", "c-2");
        stores.messages().advance(2, Logs.inbox(2), 1).get(10, TimeUnit.SECONDS);
        ann.send(new PrivateSend(2, "room again", "c-4"));
        ann.link.await(SendAckMes.class, a -> "c-4".equals(a.clientMsgId()));
    }

    @Test
    void creatingOrJoiningBeyondTheGroupCapsIsRefusedWith507() throws Exception {
        start(RateLimits.DEFAULTS, new Quotas(100, 1 << 20, 1, 2));
        Connection ann = parley(1);
        Connection bob = parley(2);
        Connection cid = parley(3);

        ann.send(new GroupCreateMes("chess", "r-1"));
        ann.link.await(OkMes.class, ok -> "r-1".equals(ok.reqId()));
        ann.send(new GroupCreateMes("go", "r-2"));
        bob.send(new GroupJoinMes("chess", "r-3"));
        bob.link.await(OkMes.class, ok -> "r-3".equals(ok.reqId()));
        cid.send(new GroupJoinMes("chess", "r-4"));

        assertThat(ann.link.await(ErrorMes.class, e -> "r-2".equals(e.reqId())).code())
                .isEqualTo(507);
        ErrorMes full = cid.link.await(ErrorMes.class, e -> "r-4".equals(e.reqId()));
        assertThat(full.code()).isEqualTo(507);
        assertThat(full.error()).contains("chess");
    }

    private void start(RateLimits rates, Quotas quotas) throws Exception {
        stores = SqliteStores.open(dataDir);
        service = new ChatService(
                stores,
                new ChatService.Limits(
                        65536, 4096, 30, 4, 1000, LoginLimits.DEFAULTS, rates, quotas, TokenSettings.DEFAULTS),
                "node-1",
                ChatService.newTokenKey());
    }

    /** A Parley connection (it said hello) logged in as {@code userId}, registered on first use. */
    private Connection parley(int userId) throws Exception {
        Connection c = open();
        c.send(new HelloMes(HelloMes.CURRENT_VERSION, "test"));
        c.login(userId);
        return c;
    }

    /** A tutorial connection, which never says hello, logged in as {@code userId}. */
    private Connection tutorial(int userId) throws Exception {
        Connection c = open();
        c.login(userId);
        return c;
    }

    private Connection open() {
        RecordingLink link = new RecordingLink();
        links.add(link);
        return new Connection(link, service.open(link));
    }

    private final class Connection {
        final RecordingLink link;
        final ClientSession session;

        Connection(RecordingLink link, ClientSession session) {
            this.link = link;
            this.session = session;
        }

        /** Hands a request to the service on the connection's own thread, as the transport does. */
        void send(ClientMessage message) throws Exception {
            CompletableFuture.runAsync(() -> service.handle(session, message), link.executor())
                    .get(10, TimeUnit.SECONDS);
        }

        void login(int userId) throws Exception {
            send(new RegisterMes(new User(userId, "secret" + userId, "user" + userId, 0, "")));
            link.await(RegisterResMes.class, r -> true);
            send(new LoginMes(userId, "secret" + userId, ""));
            assertThat(link.await(LoginResMes.class, r -> true).code()).isEqualTo(200);
        }
    }
}
