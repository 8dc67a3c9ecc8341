package io.parley.app;

import static io.parley.app.testing.TutorialUsers.PASSWORD;
import static io.parley.app.testing.TutorialUsers.json;
import static io.parley.app.testing.TutorialUsers.legacy;
import static io.parley.app.testing.TutorialUsers.parley;
import static io.parley.app.testing.TutorialUsers.register;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialClient.Frame;
import io.parley.server.service.RateLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input gets a clear answer — an error reply in a form the connection can read, or for a
 * frame that cannot be read at all a clean close — and harms no one else. All tests share one server on
 * purpose: after each one, a bystander that has been connected all along must still be served, and a message
 * stored before any of them must still read back intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
    private static final int WRITER = 1;
    private static final int BYSTANDER = 2;
    private static final String KEPT = "stored before the storm: \"quoted\", \\ back, 😀 and 中文";
    private static final int MAX_FRAME = 64 * 1024;
    private static final int MAX_CONTENT = 4096;

    // The bystander asks for its history after every one of some forty tests, run seconds apart: faster than the
    // default request rate, which is not what these tests are about.
    @RegisterExtension
    static final ParleyServerExtension server = new ParleyServerExtension(config -> config.withRates(
            new RateLimits(RateLimits.DEFAULTS.messagesPerSecond(), RateLimits.DEFAULTS.messageBurst(), 1000, 1000)));

    private TutorialClient bystander;
    private final AtomicInteger nextUser = new AtomicInteger(100);
    private final AtomicInteger nextReq = new AtomicInteger();
    /** Private messages the bystander has had acknowledged, to the writer; all must survive to the end. */
    private int acknowledgedToWriter;

    private final List<TutorialClient> open = new ArrayList<>();

    @BeforeAll
    void storeAMessage() throws Exception {
        register(server, WRITER, "writer");
        register(server, BYSTANDER, "bystander");
        try (TutorialClient writer = parley(server, WRITER)) {
            writer.send("PrivateMes", json("toUserId", BYSTANDER, "content", KEPT, "clientMsgId", "kept-1"));
            assertThat(writer.readUntil("SendAckMes").data().path("duplicate").asBoolean())
                    .isFalse();
        }
        bystander = parley(server, BYSTANDER);
    }

    @AfterAll
    void closeTheBystander() throws Exception {
        bystander.close();
    }

    /** The point of every test: the bystander is still served and the stored message is intact. */
    @AfterEach
    void everyoneElseIsStillServedAndNothingStoredIsLost() throws Exception {
        for (TutorialClient c : open) {
            c.close();
        }
        open.clear();

        String reqId = "h-" + nextReq.incrementAndGet();
        bystander.send("HistoryMes", json("log", "inbox", "beforeSeq", 0, "limit", 200, "reqId", reqId));
        Frame history = bystander.readUntil(f -> f.type().equals("HistoryResMes")
                && f.data().path("reqId").asText().equals(reqId));
        JsonNode items = history.data().path("items");
        assertThat(items.size()).isGreaterThanOrEqualTo(1);
        assertThat(items.get(0).path("content").asText()).isEqualTo(KEPT);
        assertThat(items.get(0).path("fromUserId").asInt()).isEqualTo(WRITER);

        String msgId = "b-" + nextReq.incrementAndGet();
        bystander.send("PrivateMes", json("toUserId", WRITER, "content", "still here", "clientMsgId", msgId));
        Frame ack = bystander.readUntil(f -> f.type().equals("SendAckMes")
                && f.data().path("clientMsgId").asText().equals(msgId));
        assertThat(ack.data().path("duplicate").asBoolean()).isFalse();
        acknowledgedToWriter++;
    }

    /** Last: whatever was acknowledged during all of the above is on disk, complete and in order. */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyAcknowledgedMessageSurvivesARestartAfterAllTheBadInput() throws Exception {
        bystander.close();
        server.restart();
        bystander = parley(server, BYSTANDER);

        try (TutorialClient writer = parley(server, WRITER)) {
            writer.send("HistoryMes", json("log", "inbox", "beforeSeq", 0, "limit", 200, "reqId", "final"));
            Frame history = writer.readUntil(f -> f.type().equals("HistoryResMes"));
            JsonNode items = history.data().path("items");
            assertThat(items.size()).isEqualTo(acknowledgedToWriter);
            for (int i = 0; i < items.size(); i++) {
                assertThat(items.get(i).path("seq").asLong()).isEqualTo(i + 1);
                assertThat(items.get(i).path("fromUserId").asInt()).isEqualTo(BYSTANDER);
                assertThat(items.get(i).path("content").asText()).isEqualTo("still here");
            }
        }
    }

    // ---- frames that cannot be read ----

    static Stream<Arguments> oversizedHeaders() {
        return Stream.of(
                Arguments.of(Named.of("64 KiB + 1", (long) MAX_FRAME + 1)),
                Arguments.of(Named.of("2^31", 0x8000_0000L)),
                Arguments.of(Named.of("2^32 - 1", 0xFFFF_FFFFL)));
    }

    @ParameterizedTest(name = "length {0}")
    @MethodSource("oversizedHeaders")
    void anOversizedFrameGetsErrorMes413ThenACloseOnAParleyConnection(long length) throws Exception {
        TutorialClient c = parleyConnection();

        c.writeBytes(header(length));

        List<Frame> last = c.readUntilClosed();
        assertThat(last).hasSize(1);
        assertError(last.get(0), 413, null);
        assertThat(last.get(0).data().path("error").asText())
                .contains("too large")
                .contains(String.valueOf(MAX_FRAME));
    }

    @ParameterizedTest(name = "length {0}")
    @MethodSource("oversizedHeaders")
    void anOversizedFrameClosesATutorialConnectionWithoutAReply(long length) throws Exception {
        int user = newUser();
        TutorialClient c = track(legacy(server, user));
        awaitNotice(user, 0);

        c.writeBytes(header(length));

        assertThat(c.readUntilClosed()).isEmpty();
        awaitNotice(user, 1);
    }

    @Test
    void anOversizedFrameWithItsBodyStillGetsErrorMes413() throws Exception {
        TutorialClient c = parleyConnection();
        byte[] body =
                ("{\"type\":\"SmsMes\",\"data\":\"" + "x".repeat(MAX_FRAME) + "\"}").getBytes(StandardCharsets.UTF_8);

        try {
            c.sendRaw(body);
        } catch (IOException e) {
            // The server may close before the whole body is written; the reply must still have arrived.
        }

        List<Frame> last = c.readUntilClosed();
        assertThat(last).hasSize(1);
        assertError(last.get(0), 413, null);
    }

    @Test
    void aTruncatedFrameThenEofIsAQuietCloseAndTheUserGoesOffline() throws Exception {
        int user = newUser();
        TutorialClient c = track(legacy(server, user));
        awaitNotice(user, 0);
        byte[] body =
                "{\"type\":\"SmsMes\",\"data\":\"{\\\"content\\\":\\\"never finished".getBytes(StandardCharsets.UTF_8);

        c.writeBytes(header(body.length + 100));
        c.writeBytes(body);
        c.shutdownOutput();

        assertThat(c.readUntilClosed())
                .as("no broadcast, no error for half a frame")
                .isEmpty();
        awaitNotice(user, 1);
    }

    // ---- well-framed bodies that are not valid messages: answered, connection kept ----

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of(Named.of("not JSON", "this is not json"), null, "invalid JSON"),
                Arguments.of(Named.of("empty body", ""), null, "JSON object"),
                Arguments.of(Named.of("JSON array", "[1,2]"), null, "JSON object"),
                Arguments.of(Named.of("invalid UTF-8", "\u0000"), null, ""),
                Arguments.of(
                        Named.of("JSON cut short after the type", "{\"type\":\"PingMes\",\"data\":"),
                        "PingMes",
                        "invalid JSON"),
                Arguments.of(
                        Named.of("data as an object", "{\"type\":\"PingMes\",\"data\":{\"ts\":1}}"),
                        "PingMes",
                        "must be a JSON string"),
                Arguments.of(Named.of("data missing", "{\"type\":\"PingMes\"}"), "PingMes", "missing \"data\""),
                Arguments.of(Named.of("type missing", "{\"data\":\"{}\"}"), null, "missing \"type\""),
                Arguments.of(Named.of("data holding invalid JSON", envelope("PingMes", "{ts:")), "PingMes", "JSON"),
                Arguments.of(Named.of("unknown type", envelope("FooMes", "{}")), "FooMes", "unknown message type"),
                Arguments.of(
                        Named.of("type in the wrong case", envelope("pingmes", "{\"ts\":1}")),
                        "pingmes",
                        "unknown message type"),
                Arguments.of(
                        Named.of("missing required field", envelope("GroupCreateMes", "{\"reqId\":\"r-1\"}")),
                        "GroupCreateMes",
                        "group"),
                Arguments.of(
                        Named.of("number sent as a string", envelope("PingMes", "{\"ts\":\"123\"}")), "PingMes", "ts"),
                Arguments.of(
                        Named.of("string field sent as a number", envelope("GroupCreateMes", "{\"group\":5}")),
                        "GroupCreateMes",
                        "group"),
                Arguments.of(
                        Named.of(
                                "group name with an escape sequence",
                                envelope("GroupCreateMes", "{\"group\":\"a\\u001b[2J\"}")),
                        "GroupCreateMes",
                        "ASCII"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void aMalformedFrameGetsErrorMes400NamingTheProblemAndTheConnectionStaysUsable(
            String body, String reqType, String says) throws Exception {
        TutorialClient c = parleyConnection();

        c.sendRaw(body.equals("\u0000") ? new byte[] {(byte) 0xFF, (byte) 0xFE, '{', '}'} : utf8(body));

        Frame error = c.read();
        assertError(error, 400, reqType);
        assertThat(error.data().path("error").asText()).contains(says);
        assertStillUsable(c);
    }

    @Test
    void malformedRegisterAndLoginGetTheirOwnReplyTypeOnATutorialConnection() throws Exception {
        TutorialClient c = track(new TutorialClient(server.host(), server.port()));

        c.sendRaw(utf8("{\"type\":\"RegisterMes\",\"data\":{\"user\":{}}}"));
        Frame register = c.read();
        assertThat(register.type()).isEqualTo("RegisterResMes");
        assertThat(register.data().path("code").asInt()).isEqualTo(506);
        assertThat(register.data().path("error").asText()).contains("must be a JSON string");

        c.send("LoginMes", "{\"userId\":\"" + WRITER + "\",\"userPwd\":\"" + PASSWORD + "\",\"userName\":\"\"}");
        Frame login = c.read();
        assertThat(login.type()).isEqualTo("LoginResMes");
        assertThat(login.data().path("code").asInt()).isEqualTo(400);
        assertThat(login.data().path("error").asText()).contains("userId").contains("whole number");
        assertThat(login.data().path("UsersId").isNull()).isTrue();

        c.send("RegisterMes", "{}");
        Frame missingUser = c.read();
        assertThat(missingUser.type()).isEqualTo("RegisterResMes");
        assertThat(missingUser.data().path("code").asInt()).isEqualTo(506);
        assertThat(missingUser.data().path("error").asText()).contains("user");

        int user = newUser();
        c.login(user, PASSWORD);
        assertThat(c.read().data().path("code").asInt())
                .as("the connection still logs in")
                .isEqualTo(200);
    }

    @Test
    void otherMalformedFramesReachATutorialConnectionAsAnErrorFromUser0() throws Exception {
        int user = newUser();
        TutorialClient c = track(legacy(server, user));

        c.sendRaw(utf8("{\"type\":\"SmsMes\",\"data\":{\"content\":\"hi\"}}"));
        c.sendRaw(utf8("garbage"));
        c.send("FooMes", "{}");

        for (String says : List.of("must be a JSON string", "invalid JSON", "unknown message type")) {
            Frame notice = c.read();
            assertThat(notice.type()).isEqualTo("SmsMes");
            assertThat(notice.data().path("userId").asInt()).isZero();
            assertThat(notice.data().path("content").asText())
                    .startsWith("error 400: ")
                    .contains(says);
        }
        assertLegacyStillChats(c, user);
    }

    // ---- valid frames the server must refuse ----

    @Test
    void emptyContentGets400WithTheClientMsgId() throws Exception {
        TutorialClient c = loggedInParley();

        c.send("SmsMes", json("content", "", "clientMsgId", "c-e1"));
        Frame broadcast = c.read();
        assertError(broadcast, 400, "SmsMes");
        assertThat(broadcast.data().path("clientMsgId").asText()).isEqualTo("c-e1");
        assertThat(broadcast.data().path("error").asText()).contains("empty");

        // PrivateMes and GroupMes records refuse empty content as they are decoded; the refusal still names
        // the request's clientMsgId, read back from the frame that failed.
        c.send("PrivateMes", json("toUserId", BYSTANDER, "content", "", "clientMsgId", "c-e2"));
        Frame direct = c.read();
        assertError(direct, 400, "PrivateMes");
        assertThat(direct.data().path("error").asText()).contains("empty");
        assertThat(direct.data().path("clientMsgId").asText()).isEqualTo("c-e2");

        assertBystanderGetsNoChat();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x", "中"})
    void contentOverTheLimitGets413WithTheClientMsgIdAndIsNotDelivered(String unit) throws Exception {
        TutorialClient c = loggedInParley();
        // 4097 ASCII bytes, or 1366 characters that are 4098 bytes in UTF-8: the limit counts bytes.
        String content = unit.repeat(MAX_CONTENT / unit.getBytes(StandardCharsets.UTF_8).length + 1);

        c.send("PrivateMes", json("toUserId", BYSTANDER, "content", content, "clientMsgId", "c-big"));
        Frame direct = c.read();
        assertError(direct, 413, "PrivateMes");
        assertThat(direct.data().path("clientMsgId").asText()).isEqualTo("c-big");
        assertThat(direct.data().path("error").asText()).contains(String.valueOf(MAX_CONTENT));

        c.send("SmsMes", json("content", content, "clientMsgId", "c-big2"));
        assertError(c.read(), 413, "SmsMes");

        assertBystanderGetsNoChat();
    }

    // ---- helpers ----

    private TutorialClient track(TutorialClient c) {
        open.add(c);
        return c;
    }

    private int newUser() throws IOException {
        int id = nextUser.incrementAndGet();
        register(server, id, "user" + id);
        return id;
    }

    /** A connection that said hello and nothing else. */
    private TutorialClient parleyConnection() throws IOException {
        TutorialClient c = track(new TutorialClient(server.host(), server.port()));
        c.hello();
        return c;
    }

    private TutorialClient loggedInParley() throws IOException {
        int user = newUser();
        TutorialClient c = track(parley(server, user));
        awaitNotice(user, 0);
        return c;
    }

    /** The bystander hears {@code user} change status; other frames in between are skipped. */
    private void awaitNotice(int user, int status) throws IOException {
        bystander.readUntil(f -> f.type().equals("NotifyUserStatusMes")
                && f.data().path("userId").asInt() == user
                && f.data().path("status").asInt() == status);
    }

    /** An {@code ErrorMes} with {@code code}, a sentence for a person, and {@code reqType} when one is expected. */
    private static void assertError(Frame frame, int code, String reqType) {
        assertThat(frame.type()).as(frame.body()).isEqualTo("ErrorMes");
        assertThat(frame.data().path("code").asInt()).as(frame.body()).isEqualTo(code);
        assertThat(frame.data().path("error").asText()).as(frame.body()).matches("(?s).*[a-z]{3,}.*");
        if (reqType == null) {
            assertThat(frame.data().has("reqType")).as(frame.body()).isFalse();
        } else {
            assertThat(frame.data().path("reqType").asText()).as(frame.body()).isEqualTo(reqType);
        }
    }

    /** The framing survived: the connection still answers a ping. */
    private void assertStillUsable(TutorialClient c) throws IOException {
        long ts = 1_764_140_000_000L + nextReq.incrementAndGet();
        c.send("PingMes", json("ts", ts));
        Frame pong = c.readUntil("PongMes");
        assertThat(pong.data().path("ts").asLong()).isEqualTo(ts);
    }

    /**
     * Nothing refused was delivered: the bystander, which receives every broadcast and is the addressee of the
     * refused private messages, gets no chat frame before a marker the writer sends it once the refusals are in
     * (presence notices may come and go).
     */
    private void assertBystanderGetsNoChat() throws IOException {
        String marker = "marker " + nextReq.incrementAndGet();
        try (TutorialClient writer = parley(server, WRITER)) {
            writer.send("PrivateMes", json("toUserId", BYSTANDER, "content", marker, "clientMsgId", marker));
            writer.readUntil("SendAckMes");
        }
        for (Frame f = bystander.read(); !isMarker(f, marker); f = bystander.read()) {
            assertThat(f.type()).as(f.body()).isNotIn("SmsMes", "PrivateMes", "GroupMes");
        }
    }

    private static boolean isMarker(Frame f, String marker) {
        return f.type().equals("PrivateMes")
                && f.data().path("content").asText().equals(marker);
    }

    /** A tutorial connection still broadcasts as its own user. */
    private void assertLegacyStillChats(TutorialClient c, int user) throws IOException {
        String text = "still me " + nextReq.incrementAndGet();
        c.say(text);
        Frame sms = bystander.readUntil(f ->
                f.type().equals("SmsMes") && f.data().path("content").asText().equals(text));
        assertThat(sms.data().path("userId").asInt()).isEqualTo(user);
    }

    private static byte[] header(long length) {
        return ByteBuffer.allocate(4).putInt((int) length).array();
    }

    private static String envelope(String type, String data) {
        return json("type", type, "data", data);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
