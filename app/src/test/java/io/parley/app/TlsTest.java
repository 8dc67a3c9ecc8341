package io.parley.app;

import static io.parley.app.testing.TutorialUsers.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyCli;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialClient.Frame;
import io.parley.client.ClientOptions;
import io.parley.client.ClientTls;
import io.parley.client.LoginResult;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.server.ServerConfig;
import io.parley.server.config.ConfigReader;
import io.parley.server.transport.AdmissionLimits;
import io.parley.server.transport.TestCertificate;
import io.parley.server.transport.TlsSettings;
import io.parley.server.transport.WebSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS listener of a real server on 127.0.0.1, with a self-signed certificate made for the test, beside the
 * plaintext port that the tutorial's client keeps using. One server for all tests; each hostile test also
 * shows a TLS user at another address being served meanwhile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsTest {
    private Path dir;
    private TestCertificate cert;
    private RunningServer server;
    private final AtomicInteger nextId = new AtomicInteger(100);

    @BeforeAll
    void startServerWithTls(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        cert = TestCertificate.localhost(dir);
        ServerConfig config =
                RunningServer.testConfig().withDataDir(dir.resolve("data")).withTls(cert.settings());
        server = RunningServer.with(config.withWeb(config.web().withHttpsPort(0)));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aParleyClientOverTlsRegistersLogsInAndChatsWithAPlaintextUser() throws Exception {
        try (ChatUser tls = tlsUser(nextId.incrementAndGet());
                ChatUser plain = ChatUser.online(server, nextId.incrementAndGet())) {
            tls.client.sendPrivate(plain.id, "over TLS").get(10, TimeUnit.SECONDS);
            plain.client.sendPrivate(tls.id, "over plain TCP").get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(plain.privates).extracting(PrivateDelivery::content).containsExactly("over TLS");
                assertThat(tls.privates).extracting(PrivateDelivery::content).containsExactly("over plain TCP");
            });
        }
    }

    @Test
    void theHttpsPortServesTheWebClientAndAWebSocketOverTlsChatsWithATcpUser() throws Exception {
        int id = nextId.incrementAndGet();
        ChatUser secureSocket = new ChatUser(
                id,
                PASSWORD,
                ClientOptions.defaults()
                        .withTls(ClientTls.trusting(cert.cert()))
                        .withWebSocket(true));
        try (secureSocket;
                ChatUser tcp = tlsUser(nextId.incrementAndGet())) {
            secureSocket.client.connect(server.host(), server.httpsPort()).get(10, TimeUnit.SECONDS);
            assertThat(secureSocket
                            .client
                            .register(id, PASSWORD, "wss" + id)
                            .get(10, TimeUnit.SECONDS)
                            .code())
                    .isEqualTo(200);
            secureSocket.login();
            secureSocket.client.sendPrivate(tcp.id, "over wss").get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(tcp.privates)
                            .extracting(PrivateDelivery::content)
                            .containsExactly("over wss"));
        }
        HttpResponse<String> page = HttpClient.newBuilder()
                .sslContext(cert.clientContext())
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpsPort() + "/ws"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode())
                .as("a plain GET of /ws, which is not an upgrade")
                .isEqualTo(400);
    }

    @Test
    void anHttpsPortWithoutACertificateIsAConfigurationError() {
        Throwable failure = catchThrowable(() -> RunningServer.testConfig()
                .withTls(TlsSettings.OFF)
                .withWeb(WebSettings.on(0).withHttpsPort(8443)));

        assertThat(failure).hasMessageContaining("httpsPort: 8443 needs tlsCert and tlsKey");
    }

    @Test
    void aClientThatTrustsAnotherCertificateFailsToConnectWithTheHandshakeReason() throws Exception {
        TestCertificate other = TestCertificate.create(dir, "other", "localhost", "127.0.0.1");
        ChatUser stranger = new ChatUser(
                nextId.incrementAndGet(), PASSWORD, ClientOptions.defaults().withTls(ClientTls.trusting(other.cert())));
        try (stranger;
                ChatUser bystander = tlsUser(nextId.incrementAndGet())) {
            Throwable failure = catchThrowable(() ->
                    stranger.client.connect(server.host(), server.tlsPort()).get(10, TimeUnit.SECONDS));

            assertThat(failure)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SSLException.class)
                    .hasMessageStartingWith("TLS handshake with 127.0.0.1:" + server.tlsPort() + " failed: ");
            assertThat(stranger.client.isConnected()).isFalse();
            assertServed(bystander);
        }
    }

    @Test
    void aClientOnTheSystemTrustStoreRefusesTheSelfSignedCertificate() throws Exception {
        try (ChatUser stranger = new ChatUser(
                nextId.incrementAndGet(), PASSWORD, ClientOptions.defaults().withTls(ClientTls.systemTrust()))) {
            Throwable failure = catchThrowable(() ->
                    stranger.client.connect(server.host(), server.tlsPort()).get(10, TimeUnit.SECONDS));

            assertThat(failure)
                    .cause()
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("unable to find valid certification path");
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheHostDialledIsRefusedEvenWhenTrusted() throws Exception {
        TestCertificate elsewhere = TestCertificate.create(dir, "elsewhere", "chat.example.org");
        try (RunningServer misnamed = RunningServer.with(RunningServer.testConfig()
                        .withDataDir(dir.resolve("misnamed"))
                        .withTls(elsewhere.settings()));
                ChatUser user = new ChatUser(
                        nextId.incrementAndGet(),
                        PASSWORD,
                        ClientOptions.defaults().withTls(ClientTls.trusting(elsewhere.cert())))) {
            Throwable failure = catchThrowable(
                    () -> user.client.connect("127.0.0.1", misnamed.tlsPort()).get(10, TimeUnit.SECONDS));

            assertThat(failure).cause().isInstanceOf(SSLException.class);
            assertThat(failure.getCause())
                    .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
        }
    }

    @Test
    void plaintextFramesSentToTheTlsPortGetTheConnectionClosedWithoutAReply() throws Exception {
        try (ChatUser bystander = tlsUser(nextId.incrementAndGet());
                Socket careless = socketFrom("127.0.0.2", server.tlsPort())) {
            byte[] body = ("{\"type\":\"RegisterMes\",\"data\":\"{\\\"user\\\":{\\\"userId\\\":"
                            + nextId.incrementAndGet()
                            + ",\\\"userPwd\\\":\\\"123456\\\",\\\"userName\\\":\\\"x\\\"}}\"}")
                    .getBytes(StandardCharsets.UTF_8);
            careless.getOutputStream()
                    .write(ByteBuffer.allocate(4 + body.length)
                            .putInt(body.length)
                            .put(body)
                            .array());

            String answered = readUntilClosed(careless, Duration.ofSeconds(10));

            assertThat(answered).doesNotContain("RegisterResMes");
            assertServed(bystander);
        }
    }

    @Test
    void aConnectionThatNeverCompletesItsHandshakeIsClosedAtTheFirstFrameDeadline() throws Exception {
        // A short deadline, set through its properties key: Netty's own handshake timeout (10 s) must not be
        // what closes these connections.
        Properties keys = new Properties();
        keys.setProperty("firstFrameMillis", "1500");
        AdmissionLimits admission = AdmissionLimits.load(new ConfigReader(keys), AdmissionLimits.DEFAULTS);
        try (RunningServer strict = RunningServer.with(RunningServer.testConfig()
                        .withDataDir(dir.resolve("strict"))
                        .withTls(cert.settings())
                        .withAdmission(admission));
                ChatUser bystander = tlsUser(nextId.incrementAndGet());
                Socket silent = socketFrom("127.0.0.3", strict.tlsPort());
                Socket halfHello = socketFrom("127.0.0.3", strict.tlsPort())) {
            // The first bytes of a TLS record header (handshake, TLS 1.0 record version), then nothing.
            halfHello.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
            long start = System.nanoTime();

            readUntilClosed(silent, Duration.ofSeconds(15));
            readUntilClosed(halfHello, Duration.ofSeconds(15));

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertServed(bystander);
        }
    }

    @Test
    void theTutorialClientStillRegistersLogsInAndChatsOnThePlaintextPort() throws Exception {
        int id = nextId.incrementAndGet();
        try (ChatUser tls = tlsUser(nextId.incrementAndGet())) {
            try (TutorialClient registering = new TutorialClient(server.host(), server.port())) {
                registering.register(id, PASSWORD, "tutorial");
                assertThat(registering.read().data().path("code").asInt()).isEqualTo(200);
            }
            try (TutorialClient tutorial = new TutorialClient(server.host(), server.port())) {
                tutorial.login(id, PASSWORD);
                assertThat(tutorial.read().data().path("code").asInt()).isEqualTo(200);

                tls.client.broadcast("hello from TLS").get(10, TimeUnit.SECONDS);
                Frame heard = tutorial.readUntil(f -> f.type().equals("SmsMes"));
                assertThat(heard.data().path("content").asText()).isEqualTo("hello from TLS");
            }
        }
    }

    @Test
    void theClientCommandChatsOverTlsTrustingTheCertificateFile() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path errors = dir.resolve("client-stderr.txt");
        String logging = "-Dlogback.configurationFile=" + ParleyCommand.class.getResource("/logback.xml");
        int id = nextId.incrementAndGet();
        Process client = new ProcessBuilder(
                        java,
                        logging,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ParleyCommand.class.getName(),
                        "client",
                        "--script",
                        "--tls",
                        "--trust",
                        cert.cert().toString(),
                        "127.0.0.1:" + server.tlsPort())
                .redirectError(errors.toFile())
                .start();
        try (var stdin = client.getOutputStream()) {
            stdin.write(("register " + id + " pw tom\nlogin " + id + " pw\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> lines = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(client.exitValue())
                .as("exit code; stderr: %s", Files.readString(errors))
                .isZero();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ok hello");
        assertThat(lines.get(1)).isEqualTo("ok register " + id);
        assertThat(lines.get(2)).startsWith("ok login " + id);
    }

    @Test
    void theBenchRunsAPrivateWorkloadOverTls() throws Exception {
        // Ten users from one address sending as fast as acknowledged: the load-test limits, as for every bench.
        try (RunningServer loadTest = RunningServer.with(RunningServer.testConfig()
                .withDataDir(dir.resolve("bench"))
                .withTls(cert.settings())
                .withLoadTest(true))) {
            ParleyCli.Result run = ParleyCli.run(
                    "bench",
                    "private",
                    "--port",
                    "" + loadTest.tlsPort(),
                    "--tls",
                    "--trust",
                    cert.cert().toString(),
                    "--users",
                    "10",
                    "--duration",
                    "2",
                    "--quiet");

            assertThat(run.code).as("stdout: %s%nstderr: %s", run.out, run.err).isZero();
        }
    }

    @Test
    void theBenchWithoutTrustInTheCertificateStopsWithTheReason() throws Exception {
        // The bench reports on the process's standard error, as a shell user sees it.
        PrintStream original = System.err;
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ParleyCli.Result run;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            run = ParleyCli.run(
                    "bench",
                    "private",
                    "--port",
                    "" + server.tlsPort(),
                    "--tls",
                    "--users",
                    "2",
                    "--duration",
                    "1",
                    "--quiet",
                    "--first-id",
                    "" + nextId.addAndGet(10));
        } finally {
            System.setErr(original);
        }

        assertThat(run.code).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("TLS handshake with 127.0.0.1:" + server.tlsPort())
                .contains("unable to find valid certification path");
    }

    /** A TLS user trusting the test certificate, registered and logged in. */
    private ChatUser tlsUser(int id) throws Exception {
        ChatUser user = new ChatUser(id, PASSWORD, ClientOptions.defaults().withTls(ClientTls.trusting(cert.cert())));
        user.client.connect(server.host(), server.tlsPort()).get(10, TimeUnit.SECONDS);
        assertThat(user.client
                        .register(id, PASSWORD, "tls" + id)
                        .get(10, TimeUnit.SECONDS)
                        .code())
                .isEqualTo(200);
        LoginResult login = user.login();
        assertThat(login.ok()).as("login of %d over TLS: %s", id, login.error()).isTrue();
        return user;
    }

    /** The user's own request, answered over its TLS connection promptly. */
    private static void assertServed(ChatUser user) throws Exception {
        long start = System.nanoTime();
        user.client.onlineUsers(0, 10).get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    private static Socket socketFrom(String source, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    /** What the server sent before it closed the connection; fails if it is still open after {@code limit}. */
    private static String readUntilClosed(Socket socket, Duration limit) throws IOException {
        socket.setSoTimeout((int) limit.toMillis());
        InputStream in = socket.getInputStream();
        StringBuilder received = new StringBuilder();
        try {
            // A TLS alert is a handful of bytes; more than a frame's worth would mean the server answered.
            for (int i = 0; i < 64 * 1024; i++) {
                int b = in.read();
                if (b < 0) {
                    return received.toString();
                }
                received.append((char) b);
            }
        } catch (SocketException reset) {
            return received.toString();
        }
        throw new AssertionError("the server kept sending: " + received.length() + " bytes");
    }
}
