package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireSize;
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
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.User;
import io.parley.protocol.message.WatchMes;
import io.parley.server.ServerConfig;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The request dispatcher ({@link ChatService#handle}) with real stores — SQLite in a temp folder — fed
 * arbitrary sequences of requests, built by Jazzer's {@link FuzzedDataProvider}, from up to four
 * connections at once, interleaved with malformed and oversized frames and closes, the way the transport
 * would call it. After each input settles and every connection has closed, these must hold:
 * <ul>
 *   <li>no exception escapes {@code handle}, nor any task run on a session's executor;</li>
 *   <li>nothing is logged at ERROR (the service logs unexpected store and callback failures there);</li>
 *   <li>every reply encodes, within the frame limit; a tutorial connection (no hello) gets only the seed's
 *       six types, and over 8096 bytes only the two kinds the transport knows how to shrink;</li>
 *   <li>nobody is left online once all connections have closed.</li>
 * </ul>
 * Each input uses user ids and group names of its own, so an input replays the same way on an empty store.
 */
class DispatcherFuzzTest {
    private static final int CONNECTIONS = 4;
    private static final int MAX_STEPS = 48;
    private static final MessageCodec<?, ServerMessage> CODEC = MessageCodec.server();
    private static final ServerConfig CONFIG =
            ServerConfig.defaults().withBcryptCost(4).withLoadTest(true).effective();
    private static final AtomicInteger INPUTS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static Stores stores;
    private static ChatService service;
    private static ExecutorService loop;
    private static final List<Throwable> escaped = new CopyOnWriteArrayList<>();
    private static final List<String> errors = new CopyOnWriteArrayList<>();
    private static final AtomicLong tasksRun = new AtomicLong();
    private static AppenderBase<ILoggingEvent> errorLog;

    @BeforeAll
    static void start() throws Exception {
        stores = SqliteStores.open(dataDir);
        String tokenKey = stores.sessions()
                .tokenKeys(ChatService.newTokenKey())
                .get(30, TimeUnit.SECONDS)
                .current();
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
                "fuzz",
                tokenKey);
        loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "fuzz-loop"));
        errorLog = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                    errors.add(event.getFormattedMessage()
                            + (event.getThrowableProxy() == null
                                    ? ""
                                    : ": " + event.getThrowableProxy().getMessage()));
                }
            }
        };
        errorLog.start();
        root().addAppender(errorLog);
    }

    @AfterAll
    static void stop() throws Exception {
        root().detachAppender(errorLog);
        loop.shutdown();
        service.close();
        stores.close();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @FuzzTest(maxDuration = "20s")
    void dispatch(FuzzedDataProvider data) throws Exception {
        escaped.clear();
        errors.clear();
        Requests requests = new Requests(data, INPUTS.incrementAndGet());
        List<ClientSession> sessions = new ArrayList<>();
        List<RecordingLink> links = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            RecordingLink link = new RecordingLink("fuzz-" + i, task -> loop.execute(() -> runGuarded(task)));
            links.add(link);
            sessions.add(service.open(link));
        }
        for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
            ClientSession session = sessions.get(data.consumeInt(0, CONNECTIONS - 1));
            int event = data.consumeInt(0, 20);
            if (event == 20) {
                onLoop(() -> service.closed(session));
            } else if (event == 19) {
                onLoop(() -> service.oversized(session));
            } else {
                Supplier<ClientMessage> build = requests.of(event);
                ClientMessage message;
                try {
                    message = build.get();
                } catch (RuntimeException e) {
                    // What the decoder turns into a DecodeFailure: the record refused its values.
                    String reason = String.valueOf(e.getMessage());
                    onLoop(() -> service.malformed(session, requests.lastType, reason, null, null));
                    continue;
                }
                onLoop(() -> service.handle(session, message));
            }
        }
        settle();
        for (ClientSession session : sessions) {
            onLoop(() -> service.closed(session));
        }
        settle();

        assertThat(escaped).as("exceptions escaping the service").isEmpty();
        assertThat(errors).as("ERROR log lines").isEmpty();
        for (int i = 0; i < CONNECTIONS; i++) {
            checkReplies(sessions.get(i).extended(), links.get(i).sent());
        }
        assertThat(stores.presence().online().get(30, TimeUnit.SECONDS))
                .as("online after every close")
                .isEmpty();
    }

    private static void checkReplies(boolean extended, List<ServerMessage> replies) {
        for (ServerMessage reply : replies) {
            String type = CODEC.typeOf(reply);
            int body = CODEC.encode(reply).length;
            assertThat(body).as("%s body bytes", type).isLessThanOrEqualTo(CONFIG.maxFrameLength());
            if (!extended) {
                assertThat(WireTypes.SEED)
                        .as("types sent to a tutorial connection")
                        .contains(type);
                if (body > WireSize.SEED_MAX_BODY) {
                    assertThat(reply)
                            .as("over 8096 bytes to a tutorial connection")
                            .isInstanceOfAny(LoginResMes.class, SmsMes.class);
                }
            }
        }
    }

    /** Runs {@code task} on the loop, as the transport runs each decoded frame, and waits for that call to return. */
    private void onLoop(Runnable task) throws Exception {
        loop.submit(() -> runGuarded(task)).get(30, TimeUnit.SECONDS);
    }

    private void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            escaped.add(t);
        } finally {
            tasksRun.incrementAndGet();
        }
    }

    /**
     * Waits until the work the input started has run out: a round trip through the loop, the store's writer
     * and its reader, repeated until two rounds in a row ran no new task on the loop.
     */
    private void settle() throws Exception {
        long before = -1;
        int quiet = 0;
        for (int round = 0; round < 200 && quiet < 2; round++) {
            loop.submit(() -> {}).get(30, TimeUnit.SECONDS);
            stores.sessions().tokenKeys("unused").get(30, TimeUnit.SECONDS).current();
            stores.users().find(1).get(30, TimeUnit.SECONDS);
            long now = tasksRun.get();
            quiet = now == before ? quiet + 1 : 0;
            before = now;
        }
    }

    /**
     * Builds one request from the fuzzer's bytes. Ids, names, passwords and groups come mostly from a few
     * values of this input's own (so that requests meet each other: a login finds the registered user, a send
     * finds the group) and sometimes from arbitrary data.
     */
    private static final class Requests {
        private final FuzzedDataProvider data;
        private final int base;
        private String lastType = "";

        Requests(FuzzedDataProvider data, int input) {
            this.data = data;
            this.base = input * 10;
        }

        Supplier<ClientMessage> of(int kind) {
            return switch (kind) {
                case 0 -> typed("HelloMes", () -> new HelloMes(data.consumeInt(0, 3), string(40)));
                case 1 ->
                    typed(
                            "RegisterMes",
                            () -> new RegisterMes(
                                    new User(userId(), password(), name(), data.consumeInt(), string(8))));
                case 2 -> typed("LoginMes", () -> new LoginMes(userId(), password(), name()));
                case 3 -> typed("ResumeMes", () -> new ResumeMes(userId(), string(200)));
                case 4 ->
                    typed(
                            "SmsMes",
                            () -> new SmsMes(
                                    content(),
                                    userId(),
                                    password(),
                                    name(),
                                    data.consumeInt(),
                                    string(4),
                                    null,
                                    null,
                                    optionalId()));
                case 5 -> typed("PrivateMes", () -> new PrivateSend(userId(), content(), optionalId()));
                case 6 -> typed("GroupMes", () -> new GroupSend(group(), content(), optionalId()));
                case 7 -> typed("GroupCreateMes", () -> new GroupCreateMes(group(), optionalId()));
                case 8 -> typed("GroupJoinMes", () -> new GroupJoinMes(group(), optionalId()));
                case 9 -> typed("GroupLeaveMes", () -> new GroupLeaveMes(group(), optionalId()));
                case 10 -> typed("GroupListMes", () -> new GroupListMes(optionalId()));
                case 11 -> typed("GroupMembersMes", () -> new GroupMembersMes(group(), optionalId()));
                case 12 -> typed("OnlineListMes", () -> new OnlineListMes(smallOrAny(), smallOrAny(), optionalId()));
                case 13 -> typed("WatchMes", () -> new WatchMes(userIds(), optionalId()));
                case 14 ->
                    typed(
                            "AckMes",
                            () -> new AckMes(
                                    log(), data.consumeBoolean() ? data.consumeLong(0, 64) : data.consumeLong()));
                case 15 ->
                    typed("HistoryMes", () -> new HistoryMes(log(), data.consumeLong(), smallOrAny(), optionalId()));
                case 16 -> typed("PingMes", () -> new PingMes(data.consumeLong()));
                case 17 -> typed("LogoutMes", LogoutMes::new);
                default -> typed("SmsMes", () -> SmsMes.seed(content(), userId(), name()));
            };
        }

        private Supplier<ClientMessage> typed(String type, Supplier<ClientMessage> build) {
            lastType = type;
            return build;
        }

        private int userId() {
            return data.consumeBoolean() ? base + data.consumeInt(1, 4) : data.consumeInt();
        }

        private List<Integer> userIds() {
            int n = data.consumeBoolean() ? data.consumeInt(0, 4) : data.consumeInt(0, WatchMes.MAX_USERS + 2);
            List<Integer> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(data.remainingBytes() > 0 ? userId() : base + i);
            }
            return ids;
        }

        private String password() {
            return data.consumeBoolean() ? "pw" + data.consumeInt(0, 1) : string(100);
        }

        private String name() {
            return data.consumeBoolean() ? "user" + data.consumeInt(0, 2) : string(40);
        }

        private String group() {
            return data.consumeBoolean() ? "g" + base + "-" + data.consumeInt(0, 2) : string(70);
        }

        private String log() {
            return switch (data.consumeInt(0, 2)) {
                case 0 -> LogNames.INBOX;
                case 1 -> LogNames.group(group());
                default -> string(80);
            };
        }

        private String content() {
            return switch (data.consumeInt(0, 3)) {
                case 0 -> "hi";
                case 1 -> "x".repeat(data.consumeInt(0, 2 * ServerConfig.DEFAULT_MAX_CONTENT_LENGTH));
                default -> string(200);
            };
        }

        private String optionalId() {
            return data.consumeBoolean() ? null : string(70);
        }

        private int smallOrAny() {
            return data.consumeBoolean() ? data.consumeInt(0, 50) : data.consumeInt();
        }

        private String string(int maxLength) {
            return data.consumeString(maxLength);
        }
    }
}
