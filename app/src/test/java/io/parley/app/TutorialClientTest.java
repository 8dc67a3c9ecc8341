package io.parley.app;

import static io.parley.app.testing.TutorialUsers.PASSWORD;
import static io.parley.app.testing.TutorialUsers.json;
import static io.parley.app.testing.TutorialUsers.legacy;
import static io.parley.app.testing.TutorialUsers.parley;
import static io.parley.app.testing.TutorialUsers.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.ResourceLeakDetector;
import io.parley.app.testing.Crowd;
import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialClient.Frame;
import io.parley.server.ServerConfig;
import io.parley.server.service.LoginLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client written for the tutorial works against the real server unchanged: each test drives a raw socket
 * exactly as the tutorial's Go client does (header and body in two writes, no hello, no heartbeat) and proves
 * one rule of the seed protocol. Every frame such a connection reads is also held to the tutorial client's
 * limits by {@link TutorialClient#read()}: one of the six seed types, with a body of at most 8096 bytes.
 */
class TutorialClientTest {
    /** What a marker broadcast starts with: sent after a step, it arrives after anything that step caused. */
    private static final String MARKER = "marker";

    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeClients() throws Exception {
        // Newest first: clients before the servers they talk to.
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private TutorialClient connect() throws IOException {
        return track(new TutorialClient(server.host(), server.port()));
    }

    private TutorialClient online(int id) throws IOException {
        return track(legacy(server, id));
    }

    // ---- register ----

    @Test
    void registerAnswersRegisterResMes200AndTheAccountCanLogIn() throws Exception {
        TutorialClient c = connect();
        c.register(100, PASSWORD, "tom");

        Frame reply = c.read();
        assertThat(reply.type()).isEqualTo("RegisterResMes");
        assertThat(reply.data().path("code").asInt()).isEqualTo(200);
        assertThat(reply.data().path("error").asText()).isEmpty();

        TutorialClient login = connect();
        login.login(100, PASSWORD);
        assertThat(login.read().data().path("code").asInt()).isEqualTo(200);
    }

    @Test
    void registeringATakenIdAnswers505WithAReadableErrorAndKeepsTheFirstAccount() throws Exception {
        register(server, 100, "tom");
        TutorialClient c = connect();
        c.register(100, "another-password", "impostor");

        Frame reply = c.read();
        assertThat(reply.type()).isEqualTo("RegisterResMes");
        assertThat(reply.data().path("code").asInt()).isEqualTo(505);
        assertThat(reply.data().path("error").asText()).contains("100").contains("taken");

        TutorialClient login = connect();
        login.login(100, PASSWORD);
        assertThat(login.read().data().path("code").asInt())
                .as("the original password still works")
                .isEqualTo(200);
    }

    static List<Arguments> invalidRegistrations() {
        return List.of(
                Arguments.of(Named.of("id 0", 0), PASSWORD, "tom"),
                Arguments.of(Named.of("negative id", -7), PASSWORD, "tom"),
                Arguments.of(Named.of("empty password", 101), "", "tom"),
                Arguments.of(Named.of("name of 33 characters", 102), PASSWORD, "x".repeat(33)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRegistrations")
    void invalidRegistrationAnswers506WithAReadableError(int id, String password, String name) throws Exception {
        TutorialClient c = connect();
        c.register(id, password, name);

        Frame reply = c.read();
        assertThat(reply.type()).isEqualTo("RegisterResMes");
        assertThat(reply.data().path("code").asInt()).isEqualTo(506);
        assertThat(reply.data().path("error").asText()).matches(".*[a-z]{3,}.*");

        TutorialClient login = connect();
        login.login(id, password);
        assertThat(login.read().data().path("code").asInt())
                .as("nothing was stored")
                .isNotEqualTo(200);
    }

    // ---- login ----

    @Test
    void firstFrameAfterLoginIsLoginResMes200ListingTheCallerAndEveryoneOnline() throws Exception {
        for (int id : new int[] {100, 200, 300}) {
            register(server, id, "u" + id);
        }
        online(100);
        online(200);
        TutorialClient c = connect();
        c.login(300, PASSWORD);

        // The tutorial client takes the very first frame as its login reply, whatever its type.
        Frame reply = c.read();
        assertThat(reply.type()).isEqualTo("LoginResMes");
        assertThat(reply.data().path("code").asInt()).isEqualTo(200);
        assertThat(reply.data().path("error").asText()).isEmpty();
        assertThat(ids(reply.data().path("UsersId"))).containsExactlyInAnyOrder(100, 200, 300);
        assertThat(reply.body())
                .as("only the seed's keys")
                .doesNotContain("onlineCount")
                .doesNotContain("userName");
    }

    @Test
    void loginAsAnUnknownUserAnswers500() throws Exception {
        TutorialClient c = connect();
        c.login(4242, PASSWORD);

        Frame reply = c.read();
        assertThat(reply.type()).isEqualTo("LoginResMes");
        assertThat(reply.data().path("code").asInt()).isEqualTo(500);
        assertThat(ids(reply.data().path("UsersId"))).isEmpty();
        assertThat(reply.data().path("error").asText()).isNotBlank();
    }

    @Test
    void loginWithTheWrongPasswordAnswers403() throws Exception {
        register(server, 100, "tom");
        TutorialClient c = connect();
        c.login(100, "not-the-password");

        Frame reply = c.read();
        assertThat(reply.type()).isEqualTo("LoginResMes");
        assertThat(reply.data().path("code").asInt()).isEqualTo(403);
        assertThat(ids(reply.data().path("UsersId"))).isEmpty();
        assertThat(reply.data().path("error").asText()).contains("password");
    }

    @Test
    void loginIsAnnouncedToOthersAsStatus0AndNeverToTheUserItself() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        register(server, 300, "bob");
        TutorialClient tom = online(100);
        TutorialClient ann = online(200);

        assertNotice(tom.read(), 200, 0);
        TutorialClient bob = online(300);
        assertNotice(tom.read(), 300, 0);
        assertNotice(ann.read(), 300, 0);

        // The markers: broadcasts sent after the logins, which any notice they caused would have preceded.
        tom.say(MARKER + " from tom");
        ann.say(MARKER + " from ann");
        assertNextAreMarkers(tom, 1, "no notice about oneself, none twice");
        assertNextAreMarkers(ann, 1, "no notice about oneself, none twice");
        assertNextAreMarkers(bob, 2, "no notice about oneself, none twice");
    }

    @Test
    void closingTheSocketIsNoticedAsEofAndAnnouncedAsStatus1() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        TutorialClient tom = online(100);
        TutorialClient ann = online(200);
        assertNotice(tom.read(), 200, 0);

        ann.close();

        assertNotice(tom.read(), 200, 1);
    }

    // ---- broadcast ----

    @Test
    void smsMesReachesEveryOtherOnlineUserFromTheAuthenticatedSenderWithABlankPassword() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        register(server, 300, "bob");
        TutorialClient tom = online(100);
        TutorialClient ann = online(200);
        TutorialClient bob = online(300);
        assertNotice(tom.read(), 200, 0);
        assertNotice(tom.read(), 300, 0);
        assertNotice(ann.read(), 300, 0);

        // The client claims to be ann and leaks a password; the server must trust neither.
        tom.send(
                "SmsMes",
                json(
                        "content",
                        "hello all",
                        "userId",
                        200,
                        "userPwd",
                        "hunter2",
                        "userName",
                        "ann",
                        "userStatus",
                        0,
                        "sex",
                        ""));

        for (TutorialClient receiver : List.of(ann, bob)) {
            Frame sms = receiver.read();
            assertThat(sms.type()).isEqualTo("SmsMes");
            assertThat(sms.data().path("content").asText()).isEqualTo("hello all");
            assertThat(sms.data().path("userId").asInt()).isEqualTo(100);
            assertThat(sms.data().path("userName").asText()).isEqualTo("tom");
            assertThat(sms.data().path("userPwd").asText()).isEmpty();
            assertThat(sms.body())
                    .doesNotContain("hunter2")
                    .doesNotContain("msgId")
                    .doesNotContain("sentAt");
        }
        ann.say(MARKER);
        assertNextAreMarkers(tom, 1, "not echoed to the sender");
    }

    @Test
    void aBroadcastTooLargeForTheTutorialBufferIsCutToFitWhileParleyClientsGetItWhole() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        register(server, 300, "bob");
        TutorialClient ann = online(200);
        TutorialClient bob = track(parley(server, 300));
        TutorialClient tom = online(100);
        assertNotice(ann.read(), 300, 0);
        assertNotice(ann.read(), 100, 0);
        assertNotice(bob.read(), 100, 0);
        // Quotes and backslashes double in size with each of the two JSON encodings, a control character
        // becomes \\u0001, and the emoji is a surrogate pair that must not be cut in half.
        String unit = "\"\\😀中\u0001é";
        String content = unit.repeat(4096 / utf8(unit));
        assertThat(utf8(content))
                .isLessThanOrEqualTo(ServerConfig.DEFAULT_MAX_CONTENT_LENGTH)
                .isGreaterThan(4000);

        tom.say(content);

        Frame cut = ann.read();
        assertThat(cut.type()).isEqualTo("SmsMes");
        assertThat(cut.bodyLength()).isLessThanOrEqualTo(TutorialClient.LEGACY_MAX_BODY);
        String shown = cut.data().path("content").asText();
        assertThat(shown).endsWith("…");
        String kept = shown.substring(0, shown.length() - 1);
        assertThat(content).startsWith(kept);
        assertThat(kept.length()).as("as much as fits is kept").isGreaterThan(unit.length() * 100);
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isFalse();
        assertThat(cut.data().path("userId").asInt()).isEqualTo(100);

        Frame whole = bob.readUntil("SmsMes");
        assertThat(whole.data().path("content").asText()).isEqualTo(content);
    }

    // ---- what a tutorial connection may receive ----

    @Test
    void extensionRepliesNeverReachATutorialConnection() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        TutorialClient tom = online(100);

        // Requests a tutorial client would never send; their replies (OkMes, PongMes, GroupListResMes...)
        // must not reach it. read() fails on any non-seed type.
        tom.send("PingMes", json("ts", 1));
        tom.send("GroupCreateMes", json("group", "dev", "reqId", "r-1"));
        tom.send("GroupListMes", json("reqId", "r-2"));
        tom.send("OnlineListMes", json("offset", 0, "limit", 10, "reqId", "r-3"));
        tom.send("HistoryMes", json("log", "inbox", "beforeSeq", 0, "limit", 10, "reqId", "r-4"));
        TutorialClient ann = online(200);

        assertNotice(tom.read(), 200, 0);
        ann.say(MARKER);
        assertNextAreMarkers(tom, 1, "no reply to an extension request");
    }

    @Test
    void aLoginWithAboutFifteenHundredUsersOnlineListsWhatFitsInTheTutorialBufferIncludingTheCaller(
            @TempDir Path crowded) throws Exception {
        // Ten-digit ids make each entry in UsersId 11 bytes, so far fewer than 1,500 fit in 8096 bytes.
        int base = 1_000_000_000;
        List<Integer> ids =
                IntStream.range(0, 1500).map(i -> base + i * 3).boxed().toList();
        int caller = base + 1500 * 3; // above every other id, so a list in id order would leave it out
        Crowd.seed(crowded, ids);

        // Up to a million presence notices are encoded here; paranoid leak detection takes a stack trace for
        // each buffer operation and would make this take minutes. Sampled detection still reports leaks.
        ResourceLeakDetector.Level leakLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
        // 1,500 connections from one address, 127.0.0.1, all logging in at once, each login setting off presence
        // notices to all before it: a load test, which lifts the per-address cap and the 20 s login deadline (on a
        // busy machine the last replies come after it). The 1,500 logins are more than the default hash queue
        // (256) holds, which would refuse the rest with 503 as it should; this test is about the login reply, so
        // the queue takes them all.
        LoginLimits roomForAll = new LoginLimits(
                2000,
                LoginLimits.DEFAULTS.failureDelayMillis(),
                LoginLimits.DEFAULTS.maxFailureDelayMillis(),
                LoginLimits.DEFAULTS.registrationsPerHour());
        ServerConfig config = RunningServer.testConfig()
                .withDataDir(crowded)
                .withLoadTest(true)
                .withLogin(roomForAll);
        try (RunningServer server = RunningServer.with(config);
                Crowd crowd = Crowd.logIn(server, ids, 60)) {
            register(server, caller, "late");
            TutorialClient c = track(new TutorialClient(server.host(), server.port()));
            c.login(caller, PASSWORD);

            Frame reply = c.read();
            assertThat(reply.type()).isEqualTo("LoginResMes");
            assertThat(reply.data().path("code").asInt()).isEqualTo(200);
            // As many ids as fit: one more (11 bytes) would not.
            assertThat(reply.bodyLength())
                    .isLessThanOrEqualTo(TutorialClient.LEGACY_MAX_BODY)
                    .isGreaterThan(TutorialClient.LEGACY_MAX_BODY - 11);
            List<Integer> listed = ids(reply.data().path("UsersId"));
            assertThat(listed).contains(caller).doesNotHaveDuplicates().hasSizeLessThan(1000);
            assertThat(Set.copyOf(ids))
                    .containsAll(listed.stream().filter(id -> id != caller).toList());

            // The broadcast reaches every member last, so once all have it, the crowd has checked everything
            // the server sent it (how many presence notices that is depends on the presence policy).
            c.say("hello crowd");
            awaitReceived(crowd, "SmsMes", ids.size());
            assertThat(crowd.violations()).isEmpty();
            assertThat(crowd.received("LoginResMes")).isEqualTo(ids.size());
            assertThat(crowd.typesSeen()).containsOnly("LoginResMes", "NotifyUserStatusMes", "SmsMes");
        } finally {
            ResourceLeakDetector.setLevel(leakLevel);
        }
    }

    // ---- Parley's private and group messages, as a tutorial client sees them ----

    @Test
    void aPrivateMessageReachesATutorialClientAsSmsMesFromTheRealSender() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        TutorialClient tom = online(100);
        TutorialClient ann = track(parley(server, 200));
        assertNotice(tom.read(), 200, 0);

        ann.send("PrivateMes", json("toUserId", 100, "content", "psst", "clientMsgId", "c-1"));

        assertThat(ann.readUntil("SendAckMes").data().path("clientMsgId").asText())
                .isEqualTo("c-1");
        Frame sms = tom.read();
        assertThat(sms.type()).isEqualTo("SmsMes");
        assertThat(sms.data().path("content").asText()).isEqualTo("[private] psst");
        assertThat(sms.data().path("userId").asInt()).isEqualTo(200);
        assertThat(sms.data().path("userName").asText()).isEqualTo("ann");
        assertThat(sms.data().path("userPwd").asText()).isEmpty();
    }

    @Test
    void anOfflinePrivateMessageReachesATutorialClientOnlyAfterItsLoginReply() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        TutorialClient ann = track(parley(server, 200));
        ann.send("PrivateMes", json("toUserId", 100, "content", "while you were out", "clientMsgId", "c-1"));
        ann.readUntil("SendAckMes");

        TutorialClient tom = connect();
        tom.login(100, PASSWORD);

        Frame first = tom.read();
        assertThat(first.type()).isEqualTo("LoginResMes");
        assertThat(first.data().path("code").asInt()).isEqualTo(200);
        Frame offline = tom.read();
        assertThat(offline.type()).isEqualTo("SmsMes");
        assertThat(offline.data().path("content").asText()).isEqualTo("[private] while you were out");
        assertThat(offline.data().path("userId").asInt()).isEqualTo(200);
    }

    @Test
    void aGroupMessageReachesATutorialMemberAsSmsMesNamingTheGroup() throws Exception {
        register(server, 100, "tom");
        register(server, 200, "ann");
        TutorialClient ann = track(parley(server, 200));
        ann.send("GroupCreateMes", json("group", "dev", "reqId", "r-1"));
        assertThat(ann.readUntil("OkMes").data().path("reqId").asText()).isEqualTo("r-1");
        // tom joins from a Parley device, then chats from his tutorial client.
        try (TutorialClient tomsCli = parley(server, 100)) {
            tomsCli.send("GroupJoinMes", json("group", "dev", "reqId", "r-2"));
            assertThat(tomsCli.readUntil("OkMes").data().path("reqId").asText()).isEqualTo("r-2");
        }
        TutorialClient tom = online(100);

        ann.send("GroupMes", json("group", "dev", "content", "standup in 5", "clientMsgId", "c-1"));

        assertThat(ann.readUntil("SendAckMes").data().path("clientMsgId").asText())
                .isEqualTo("c-1");
        Frame sms = tom.readUntil("SmsMes");
        assertThat(sms.data().path("content").asText()).isEqualTo("[dev] standup in 5");
        assertThat(sms.data().path("userId").asInt()).isEqualTo(200);
        assertThat(sms.data().path("userName").asText()).isEqualTo("ann");
    }

    // ---- helpers ----

    private static void assertNotice(Frame frame, int userId, int status) {
        assertThat(frame.type()).as(frame.body()).isEqualTo("NotifyUserStatusMes");
        assertThat(frame.data().path("userId").asInt()).as(frame.body()).isEqualTo(userId);
        assertThat(frame.data().path("status").asInt()).as(frame.body()).isEqualTo(status);
    }

    /**
     * Reads {@code count} frames, which must all be marker broadcasts: whatever was sent to {@code c} before the
     * markers, the step the test is about included, has been read already.
     */
    private static void assertNextAreMarkers(TutorialClient c, int count, String nothingElse) throws IOException {
        for (int i = 0; i < count; i++) {
            Frame frame = c.read();
            assertThat(frame.type()).as("%s: %s", nothingElse, frame.body()).isEqualTo("SmsMes");
            assertThat(frame.data().path("content").asText())
                    .as("%s: %s", nothingElse, frame.body())
                    .startsWith(MARKER);
        }
    }

    private static List<Integer> ids(JsonNode array) {
        if (array == null || array.isNull() || array.isMissingNode()) {
            return List.of();
        }
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asInt)
                .collect(Collectors.toList());
    }

    private static int utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Waits (bounded) until the crowd has received {@code expected} frames of {@code type}. */
    private static void awaitReceived(Crowd crowd, String type, long expected) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(crowd.received(type))
                        .as(type + " frames received by the crowd")
                        .isEqualTo(expected));
    }
}
