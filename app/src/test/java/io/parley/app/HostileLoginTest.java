package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.testing.ParleyServerExtension;
import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.LoginResult;
import io.parley.client.ParleyClient;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.ProtocolException;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.User;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the expensive part of logging in, over real sockets against a real server with its default
 * login limits: password guessing from one address (127.0.0.2) and a flood of registrations on one
 * connection. Each test also proves that a user at another address (127.0.0.3) is served promptly meanwhile.
 */
class HostileLoginTest {
    private static final String ATTACKER = "127.0.0.2";
    private static final String HONEST = "127.0.0.3";
    private static final int VICTIM = 100;
    private static final int GUESSES = 2000;
    private static final int ATTACK_CONNECTIONS = 8;
    /** Generous for a noisy machine; a login is milliseconds when nothing queues in front of it. */
    private static final Duration PROMPT = Duration.ofSeconds(3);

    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension();

    @BeforeEach
    void registerTheVictim() throws Exception {
        try (Honest victim = honestClient()) {
            assertThat(victim.client()
                            .register(VICTIM, "the-right-one", "victim")
                            .get(10, TimeUnit.SECONDS)
                            .code())
                    .isEqualTo(StatusCode.OK.code());
            // Warms the login path, so that the latencies measured below are the attack's effect, not start-up.
            assertThat(victim.client()
                            .login(VICTIM, "the-right-one")
                            .get(10, TimeUnit.SECONDS)
                            .ok())
                    .isTrue();
        }
    }

    @Test
    void aBruteForceFromOneAddressIsSlowedWhileAUserElsewhereLogsInPromptly() throws Exception {
        try (Honest other = honestClient()) {
            assertThat(other.client()
                            .register(200, "pw-200", "other")
                            .get(10, TimeUnit.SECONDS)
                            .code())
                    .isEqualTo(200);
        }
        CompletableFuture<Guesses> attack = CompletableFuture.supplyAsync(() -> guess(VICTIM, Duration.ofSeconds(15)));
        List<Long> latencies = loginRepeatedlyWhile(attack, 200, "pw-200");
        Guesses guesses = attack.get(60, TimeUnit.SECONDS);

        assertThat(guesses.sent()).as("the attacker got its guesses out").isGreaterThanOrEqualTo(GUESSES / 2);
        assertThat(guesses.verified())
                .as("guesses actually checked, of %d sent: %s", guesses.sent(), guesses.codes())
                .isLessThanOrEqualTo(40);
        assertThat(guesses.codes()).containsKey(StatusCode.TOO_MANY_REQUESTS.code());
        assertThat(latencies)
                .as("logins at %s during the attack, ms", HONEST)
                .isNotEmpty()
                .allSatisfy(ms -> assertThat(ms).isLessThan(PROMPT.toMillis()));
    }

    @Test
    void theOwnerLogsInFromElsewhereWhileTheirAccountIsBruteForced() throws Exception {
        CompletableFuture<Guesses> attack = CompletableFuture.supplyAsync(() -> guess(VICTIM, Duration.ofSeconds(10)));
        List<Long> latencies = loginRepeatedlyWhile(attack, VICTIM, "the-right-one");
        Guesses guesses = attack.get(60, TimeUnit.SECONDS);

        assertThat(guesses.verified()).isLessThanOrEqualTo(40);
        assertThat(latencies)
                .as("the owner's logins from %s during the attack, ms", HONEST)
                .isNotEmpty()
                .allSatisfy(ms -> assertThat(ms).isLessThan(PROMPT.toMillis()));
    }

    @Test
    void pipelinedRegistrationsOnAConnectionThatClosesAreNotAllHashed() throws Exception {
        int first = 5000;
        int count = 300;
        try (RawConnection flood = new RawConnection(ATTACKER, server.port())) {
            List<ClientMessage> registrations = new ArrayList<>();
            for (int id = first; id < first + count; id++) {
                registrations.add(new RegisterMes(new User(id, "password-" + id, "flood" + id, 0, "")));
            }
            flood.send(registrations);
        }
        long start = System.nanoTime();
        try (Honest honest = honestClient()) {
            assertThat(honest.client()
                            .register(300, "pw-300", "honest")
                            .get(10, TimeUnit.SECONDS)
                            .code())
                    .isEqualTo(200);
            assertThat(honest.client()
                            .login(300, "pw-300")
                            .get(10, TimeUnit.SECONDS)
                            .ok())
                    .isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPT);
        // The honest registration was hashed after whatever the flood had queued: counting now sees it all. One
        // registration at a time per connection: the frames decoded while one is hashed are refused. The flood's
        // bytes may take more than one read, and a frame of a later read, decoded after the first registration
        // finished, starts another: so a few (one CI run in many saw 2), never the 300.
        assertThat(accountsBetween(first, first + count - 1))
                .as("flood accounts created")
                .isLessThanOrEqualTo(5);
    }

    /** What a brute force saw: replies by code, and how many guesses it sent. */
    private record Guesses(Map<Integer, Integer> codes, int sent) {
        int verified() {
            return codes.getOrDefault(StatusCode.LOGIN_WRONG_PASSWORD.code(), 0);
        }
    }

    /**
     * Up to {@link #GUESSES} wrong passwords for {@code userId} from {@link #ATTACKER}, over several connections
     * that each send the next guess as soon as the last is answered, until {@code budget} has passed.
     */
    private Guesses guess(int userId, Duration budget) {
        Map<Integer, Integer> codes = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + budget.toNanos();
        List<CompletableFuture<Void>> connections = new ArrayList<>();
        for (int c = 0; c < ATTACK_CONNECTIONS; c++) {
            connections.add(CompletableFuture.runAsync(() -> {
                try (RawConnection guesser = new RawConnection(ATTACKER, server.port())) {
                    while (sent.getAndIncrement() < GUESSES) {
                        guesser.send(List.of(new LoginMes(userId, "guess-" + sent.get(), "")));
                        long left = deadline - System.nanoTime();
                        ServerMessage reply = left <= 0 ? null : guesser.read(left);
                        if (reply == null) {
                            return;
                        }
                        codes.merge(((LoginResMes) reply).code(), 1, Integer::sum);
                    }
                } catch (IOException | ProtocolException e) {
                    // The server may close a connection that has not logged in for long: the attack just ends.
                }
            }));
        }
        CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new)).join();
        return new Guesses(Map.copyOf(codes), Math.min(sent.get(), GUESSES));
    }

    /** Connects from {@link #HONEST} and logs in, again and again while {@code attack} runs; the latencies. */
    private List<Long> loginRepeatedlyWhile(CompletableFuture<?> attack, int userId, String password) throws Exception {
        List<Long> latencies = new ArrayList<>();
        do {
            long start = System.nanoTime();
            try (Honest honest = honestClient()) {
                LoginResult result = honest.client().login(userId, password).get(10, TimeUnit.SECONDS);
                assertThat(result.ok())
                        .as("login of %d: %s", userId, result.error())
                        .isTrue();
            }
            latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            try {
                attack.get(250, TimeUnit.MILLISECONDS); // paces the logins over the whole attack
            } catch (TimeoutException stillRunning) {
                // the next login comes now
            }
        } while (!attack.isDone() && latencies.size() < 50);
        return latencies;
    }

    /** A Parley client connected from {@link #HONEST}. */
    private record Honest(ParleyClient client) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.close().get(10, TimeUnit.SECONDS);
        }
    }

    private Honest honestClient() throws Exception {
        ParleyClient client = new ParleyClient(ClientOptions.defaults(), new ClientListener() {});
        client.connect(new InetSocketAddress(server.host(), server.port()), new InetSocketAddress(HONEST, 0))
                .get(10, TimeUnit.SECONDS);
        return new Honest(client);
    }

    private int accountsBetween(int low, int high) throws Exception {
        try (Connection db = DriverManager.getConnection(
                        "jdbc:sqlite:" + server.dataDir().resolve("parley.db"));
                ResultSet rows = db.createStatement()
                        .executeQuery("SELECT count(*) FROM users WHERE user_id BETWEEN " + low + " AND " + high)) {
            return rows.getInt(1);
        }
    }

    /** A bare connection from a chosen local address that writes frames as fast as the socket takes them. */
    private static final class RawConnection implements AutoCloseable {
        private static final MessageCodec<ServerMessage, ClientMessage> CODEC = MessageCodec.client();
        private final Socket socket = new Socket();
        private final DataInputStream in;

        RawConnection(String localAddress, int port) throws IOException {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            in = new DataInputStream(socket.getInputStream());
        }

        /** All of {@code messages} in one write, as a pipelining client sends them. */
        void send(List<ClientMessage> messages) throws IOException {
            ByteArrayOutputStream frames = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(frames);
            for (ClientMessage m : messages) {
                byte[] body = CODEC.encode(m);
                out.writeInt(body.length);
                out.write(body);
            }
            socket.getOutputStream().write(frames.toByteArray());
        }

        /** The next frame, or null when none came within {@code timeoutNanos}. */
        ServerMessage read(long timeoutNanos) throws IOException, ProtocolException {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
            try {
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                return CODEC.decode(body);
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
