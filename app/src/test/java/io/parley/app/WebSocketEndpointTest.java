package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyCli;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.WebSocketUser;
import io.parley.client.ClientOptions;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.User;
import io.parley.server.transport.AdmissionLimits;
import io.parley.server.transport.WebSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket endpoint over real sockets: one system with the TCP side, and clear answers to what it refuses. */
class WebSocketEndpointTest {
    @TempDir
    Path dir;

    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.with(RunningServer.testConfig()
                .withDataDir(dir)
                .withWeb(WebSettings.on(0).withAllowedOrigins(List.of("https://chat.example.com"))));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aWebSocketUserAndATcpUserSeeEachOtherAndChat() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                WebSocketUser bob = WebSocketUser.connect("127.0.0.1", server.webPort())) {
            bob.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));
            assertThat(bob.next(HelloResMes.class).maxFrameLength())
                    .isEqualTo(server.config().maxFrameLength());
            bob.send(new RegisterMes(new User(200, "pw-200", "bob", 0, "")));
            assertThat(bob.next(RegisterResMes.class).code()).isEqualTo(200);
            bob.send(new LoginMes(200, "pw-200", ""));
            LoginResMes login = bob.next(LoginResMes.class);
            assertThat(login.code()).isEqualTo(200);
            assertThat(login.onlineCount()).isEqualTo(2);
            await().untilAsserted(() -> assertThat(tom.statuses).contains(new NotifyUserStatusMes(200, 0)));

            tom.client.sendPrivate(200, "hello browser 你好").get(5, TimeUnit.SECONDS);
            PrivateDelivery got = bob.await(PrivateDelivery.class);
            assertThat(got.fromUserId()).isEqualTo(100);
            assertThat(got.content()).isEqualTo("hello browser 你好");

            bob.send(new PrivateSend(100, "hello terminal", "c-1"));
            assertThat(bob.await(SendAckMes.class).clientMsgId()).isEqualTo("c-1");
            await().untilAsserted(() -> assertThat(tom.privateTexts()).containsExactly("hello terminal"));
        }
    }

    @Test
    void theJavaClientOverAWebSocketChatsWithOneOnTcp() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser ann =
                        new ChatUser(300, "pw-300", ClientOptions.defaults().withWebSocket(true))) {
            ann.registerAndLogin(server.webAddress());
            ann.client.sendPrivate(100, "over a websocket").get(5, TimeUnit.SECONDS);
            tom.client.sendPrivate(300, "and back").get(5, TimeUnit.SECONDS);

            await().untilAsserted(() -> assertThat(tom.privateTexts()).containsExactly("over a websocket"));
            await().untilAsserted(() -> assertThat(ann.privateTexts()).containsExactly("and back"));
        }
    }

    @Test
    void theBenchRunsAWorkloadOverWebSocketsWithItsContractHeld() {
        ParleyCli.Result run =
                ParleyCli.run("bench", "private", "--embedded", "--ws", "--users", "10", "--duration", "2", "--quiet");

        assertThat(run.code).as("stdout: %s%nstderr: %s", run.out, run.err).isZero();
    }

    @Test
    void theWebSocketPathWithAQueryStringUpgradesToo() throws Exception {
        try (WebSocketUser user = WebSocketUser.at("127.0.0.1", server.webPort(), "/ws?lang=zh")) {
            user.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));

            assertThat(user.next(HelloResMes.class).version()).isEqualTo(HelloMes.CURRENT_VERSION);
        }
    }

    @Test
    void aBinaryMessageIsRefusedWith1003AndOtherConnectionsCarryOn() throws Exception {
        try (WebSocketUser bad = WebSocketUser.connect("127.0.0.1", server.webPort());
                WebSocketUser good = WebSocketUser.connect("127.0.0.1", server.webPort())) {
            bad.sendBinary(new byte[] {1, 2, 3});

            assertThat(bad.awaitClose()).startsWith("1003 ").contains("text messages only");
            good.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));
            assertThat(good.next(HelloResMes.class).version()).isEqualTo(HelloMes.CURRENT_VERSION);
        }
    }

    @Test
    void aMessageOverTheFrameLimitIsClosedWith1009AndOtherConnectionsCarryOn() throws Exception {
        try (WebSocketUser bad = WebSocketUser.connect("127.0.0.1", server.webPort());
                WebSocketUser good = WebSocketUser.connect("127.0.0.1", server.webPort())) {
            bad.sendText("x".repeat(server.config().maxFrameLength() + 1));

            assertThat(bad.awaitClose()).startsWith("1009 ");
            good.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));
            assertThat(good.next(HelloResMes.class).version()).isEqualTo(HelloMes.CURRENT_VERSION);
        }
    }

    @Test
    void aTextMessageThatIsNotAnEnvelopeIsAnsweredLikeABadFrame() throws Exception {
        try (WebSocketUser user = WebSocketUser.connect("127.0.0.1", server.webPort())) {
            user.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));
            user.next(HelloResMes.class);

            user.sendText("{\"type\":\"PingMes\",\"data\":\"not json");

            assertThat(user.next(ErrorMes.class).code()).isEqualTo(400);
        }
    }

    @Test
    void aPageFromAnotherOriginIsRefusedWith403AndListedOnesAreTaken() throws Exception {
        int port = server.webPort();
        assertThatThrownBy(() -> WebSocketUser.connect("127.0.0.1", port, "https://evil.example"))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));

        try (WebSocketUser own = WebSocketUser.connect("127.0.0.1", port, "http://127.0.0.1:" + port);
                WebSocketUser listed = WebSocketUser.connect("127.0.0.1", port, "https://chat.example.com")) {
            own.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));
            listed.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));
            assertThat(own.next(HelloResMes.class)).isNotNull();
            assertThat(listed.next(HelloResMes.class)).isNotNull();
        }
    }

    @Test
    void requestsThatAreNotAWebSocketUpgradeGetAnHttpStatusThatSaysWhy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.webPort();

        HttpResponse<String> plainGet = http.send(
                HttpRequest.newBuilder(URI.create(base + "/ws")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(base + "/ws"))
                        .POST(HttpRequest.BodyPublishers.ofString("hi"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> elsewhere = http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(plainGet.statusCode()).isEqualTo(400);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.body()).contains("GET only");
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void anUpgradeInAnotherWebSocketVersionIsAnswered426WithTheVersionTaken() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.webPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(String.join(
                                    "\r\n",
                                    "GET /ws HTTP/1.1",
                                    "Host: 127.0.0.1",
                                    "Upgrade: websocket",
                                    "Connection: Upgrade",
                                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                                    "Sec-WebSocket-Version: 14",
                                    "",
                                    "")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readNBytes(64), StandardCharsets.US_ASCII);

            assertThat(answer).startsWith("HTTP/1.1 426");
        }
    }

    @Test
    void aHalfSentUpgradeIsClosedAtTheFirstFrameDeadline() throws Exception {
        try (RunningServer strict = RunningServer.with(RunningServer.testConfig()
                        .withDataDir(dir.resolve("half"))
                        .withAdmission(new AdmissionLimits(300, 20_000, 64, 0, 256, 60)));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), strict.webPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgr".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();

            assertThat(socket.getInputStream().read())
                    .as("closed without an answer")
                    .isEqualTo(-1);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void aSilentWebSocketIsClosedAtTheFirstFrameDeadlineAsATcpConnectionIs() throws Exception {
        try (RunningServer strict = RunningServer.with(RunningServer.testConfig()
                        .withDataDir(dir.resolve("strict"))
                        .withAdmission(new AdmissionLimits(300, 20_000, 64, 0, 256, 60)));
                WebSocketUser silent = WebSocketUser.connect("127.0.0.1", strict.webPort())) {
            long start = System.nanoTime();

            String closed = silent.awaitClose();

            assertThat(closed).isNotBlank();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    @Test
    void oneAddressesTcpAndWebSocketConnectionsCountAgainstOneCap() throws Exception {
        try (RunningServer capped = RunningServer.with(RunningServer.testConfig()
                        .withDataDir(dir.resolve("capped"))
                        .withAdmission(new AdmissionLimits(5_000, 20_000, 2, 0, 256, 60)));
                ChatUser tom = ChatUser.online(capped, 100);
                WebSocketUser second = WebSocketUser.connect("127.0.0.1", capped.webPort())) {
            second.send(new HelloMes(HelloMes.CURRENT_VERSION, "browser"));
            assertThat(second.next(HelloResMes.class)).isNotNull();

            assertThatThrownBy(() -> WebSocketUser.connect("127.0.0.1", capped.webPort()))
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            WebSocketHandshakeException.class,
                            e -> assertThat(e.getResponse().statusCode()).isEqualTo(429));
        }
    }

    @Test
    @Timeout(30)
    void aTakenHttpPortStopsTheStartWithASentenceThatNamesTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ParleyCli.Result run = ParleyCli.run(
                    "server",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--data",
                    dir.resolve("second").toString(),
                    "--http-port",
                    Integer.toString(taken.getLocalPort()));

            assertThat(run.code).isEqualTo(1);
            assertThat(run.err)
                    .contains("127.0.0.1:" + taken.getLocalPort())
                    .contains("--http-port")
                    .doesNotContain("\tat ");
        }
    }
}
