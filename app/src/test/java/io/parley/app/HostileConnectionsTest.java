package io.parley.app;

import static io.parley.app.testing.TutorialUsers.PASSWORD;
import static io.parley.app.testing.TutorialUsers.register;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialClient.Frame;
import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyException;
import io.parley.server.ServerConfig;
import io.parley.server.transport.AdmissionLimits;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and careless connections against a real server over real sockets: the attacker connects from
 * 127.0.0.2, the well-behaved users from 127.0.0.3 and 127.0.0.4 (all of 127/8 is loopback). Each test
 * proves both that the attack is contained and that a user at another address is served meanwhile, with a
 * bounded latency. Deadlines are shortened by configuration except in the last test, which runs the
 * tutorial's client against the defaults.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileConnectionsTest {
    private static final String ATTACKER = "127.0.0.2";
    private static final String USER = "127.0.0.3";
    private static final String OTHER_USER = "127.0.0.4";
    /** What "promptly" means on a noisy two-core machine: seconds, not the tens of seconds a flood could cost. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    private final List<TutorialClient> open = new ArrayList<>();

    @AfterEach
    void closeConnections() throws IOException {
        for (TutorialClient c : open) {
            c.close();
        }
    }

    @Test
    void aFloodFromOneAddressIsCappedAndItsRefusedConnectionsClosedAtOnceWhileAnotherAddressLogsInPromptly()
            throws Exception {
        // Deadlines far beyond the test: the flood's admitted connections keep their places throughout.
        AdmissionLimits limits = new AdmissionLimits(60_000, 60_000, 20, 0, 256, 60);
        try (RunningServer server = server(limits)) {
            register(server, 1, "alice");
            List<TutorialClient> flood = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                flood.add(track(TutorialClient.from(ATTACKER, server.host(), server.port())));
            }
            long floodEnd = System.nanoTime();
            List<TutorialClient> admitted = awaitRefusedClosed(flood, 180, Duration.ofSeconds(10));
            assertThat(Duration.ofNanos(System.nanoTime() - floodEnd))
                    .as("refused connections are closed at once, not at the 60 s deadline")
                    .isLessThan(PROMPTLY);
            for (TutorialClient c : admitted) {
                c.hello(); // fails unless admitted: a refused connection would get an ErrorMes, or nothing
            }

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger attempts = new AtomicInteger();
            Thread churn = new Thread(() -> keepConnecting(server, stop, attempts), "flood");
            long churnStart = System.nanoTime();
            churn.start();
            try {
                long slowest = 0;
                for (int i = 0; i < 5; i++) {
                    slowest = Math.max(slowest, assertLogsInPromptly(server, USER, 1));
                }
                System.out.printf(
                        "flood: %d connections from %s in %d ms; slowest of 5 logins from %s: %d ms%n",
                        attempts.get(),
                        ATTACKER,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - churnStart),
                        USER,
                        TimeUnit.NANOSECONDS.toMillis(slowest));
                try (TutorialClient parley = TutorialClient.from(ATTACKER, server.host(), server.port())) {
                    Frame refusal = parley.sendHello();
                    assertThat(refusal.type()).isEqualTo("ErrorMes");
                    assertThat(refusal.data().path("code").asInt()).isEqualTo(429);
                }
                try (TutorialClient tutorial = TutorialClient.from(ATTACKER, server.host(), server.port())) {
                    tutorial.login(1, PASSWORD);
                    Frame refusal = tutorial.read();
                    assertThat(refusal.type())
                            .as("a tutorial client gets the reply it waits for")
                            .isEqualTo("LoginResMes");
                    assertThat(refusal.data().path("code").asInt()).isEqualTo(429);
                    assertThat(tutorial.closedWithin(5_000)).isTrue();
                }
            } finally {
                stop.set(true);
                churn.join();
            }
            assertThat(attempts.get())
                    .as("the flood went on while the user logged in")
                    .isGreaterThan(10);
        }
    }

    @Test
    void halfAFrameSentOneByteAtATimeIsClosedAtTheFirstFrameDeadline() throws Exception {
        assertTrickleClosedByADeadline(false, 10_000, 1_300, "closed by the deadline, not before it");
    }

    @Test
    void aConnectionThatSentAFrameButNeverLogsInIsClosedAtTheLoginDeadline() throws Exception {
        assertTrickleClosedByADeadline(
                true, 15_000, 3_500, "the first frame came in time: only the login deadline closes it");
    }

    /**
     * An attacker's connection trickles half a frame a byte at a time, after a complete hello if {@code hello}:
     * others chat promptly meanwhile, and it is closed within {@code withinMillis} but not before
     * {@code notBeforeMillis} (first-frame deadline 1.5 s, login deadline 4 s).
     */
    private void assertTrickleClosedByADeadline(boolean hello, int withinMillis, int notBeforeMillis, String why)
            throws Exception {
        AdmissionLimits limits = new AdmissionLimits(1_500, 4_000, 64, 0, 256, 60);
        try (RunningServer server = server(limits)) {
            register(server, 1, "alice");
            register(server, 2, "bob");
            TutorialClient slow = track(TutorialClient.from(ATTACKER, server.host(), server.port()));
            long start = System.nanoTime();
            if (hello) {
                slow.hello();
            }
            slow.writeBytes(ByteBuffer.allocate(4).putInt(200).array());
            Thread trickle = trickle(slow);

            chatPromptly(server, 1, 2);

            assertThat(slow.closedWithin(withinMillis)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as(why)
                    .isGreaterThan(Duration.ofMillis(notBeforeMillis));
            trickle.join();
        }
    }

    @Test
    void silentConnectionsAreClosedAfterTheFirstFrameDeadline() throws Exception {
        AdmissionLimits limits = new AdmissionLimits(1_500, 4_000, 64, 0, 256, 60);
        try (RunningServer server = server(limits)) {
            register(server, 1, "alice");
            register(server, 2, "bob");
            List<TutorialClient> silent = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                silent.add(track(TutorialClient.from(ATTACKER, server.host(), server.port())));
            }

            chatPromptly(server, 1, 2);

            for (TutorialClient c : silent) {
                assertThat(c.closedWithin(10_000)).isTrue();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isGreaterThan(Duration.ofMillis(1_300))
                    .isLessThan(Duration.ofMillis(1_500).plus(PROMPTLY));
        }
    }

    @Test
    void aFullServerRefusesAParleyClientWith503AndServesThoseAlreadyInAndTheNextAfterRoomIsMade() throws Exception {
        AdmissionLimits limits = new AdmissionLimits(60_000, 60_000, 64, 5, 256, 60);
        try (RunningServer server = server(limits)) {
            register(server, 1, "alice");
            register(server, 2, "bob");
            TutorialClient alice = track(TutorialClient.from(USER, server.host(), server.port()));
            alice.hello();
            alice.login(1, PASSWORD);
            assertThat(alice.readUntil("LoginResMes").data().path("code").asInt())
                    .isEqualTo(200);
            List<TutorialClient> hogs = new ArrayList<>();
            while (hogs.size() < 4) {
                hogs.add(admittedFrom(ATTACKER, server));
            }

            try (TutorialClient bob = TutorialClient.from(OTHER_USER, server.host(), server.port())) {
                Frame refusal = bob.sendHello();
                assertThat(refusal.type()).isEqualTo("ErrorMes");
                assertThat(refusal.data().path("code").asInt()).isEqualTo(503);
                assertThat(bob.closedWithin(5_000)).isTrue();
            }
            ParleyClient client = new ParleyClient(ClientOptions.defaults(), new ClientListener() {});
            try {
                assertThatThrownBy(() -> client.connect(
                                        new InetSocketAddress(server.host(), server.port()),
                                        new InetSocketAddress(OTHER_USER, 0))
                                .get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(ParleyException.class)
                        .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(503));
            } finally {
                client.close().get(10, TimeUnit.SECONDS);
            }
            alice.send("PingMes", "{\"ts\":7}");
            assertThat(alice.readUntil("PongMes").data().path("ts").asLong())
                    .as("a user already in is still served")
                    .isEqualTo(7);

            for (TutorialClient hog : hogs) {
                hog.close();
            }
            long start = System.nanoTime();
            TutorialClient bob = admittedFrom(OTHER_USER, server);
            bob.login(2, PASSWORD);
            assertThat(bob.readUntil("LoginResMes").data().path("code").asInt()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        }
    }

    /**
     * The tutorial's own client under the DEFAULT limits: it dials only once its user has typed id and password,
     * registers and exits, logs in again, and several tutorial users on one address register and chat meanwhile,
     * none of them refused. That it then sits idle past both deadlines without being dropped is proven below the
     * socket, on a mock clock instead of 20 s of waiting: a tutorial login tells the link it logged in and never
     * that it sends heartbeats (LinkNoticesTest), a logged-in connection is never closed by the deadlines
     * (LoginDeadlinesTest), a tutorial connection is never swept (IdleSweeperTest); the deadlines closing the
     * others are proven over sockets above, with shorter limits.
     */
    @Test
    void theTutorialClientUnderTheDefaultLimitsRegistersLogsInAndChatsWithAClassroomOnOneAddress() throws Exception {
        try (RunningServer server = RunningServer.embedded(dataDir)) {
            register(server, 1, "tom");
            TutorialClient tom = track(new TutorialClient(server.host(), server.port()));
            tom.login(1, PASSWORD);
            assertThat(tom.read().data().path("code").asInt()).isEqualTo(200);

            List<TutorialClient> classroom = new ArrayList<>();
            for (int id = 10; id < 16; id++) {
                register(server, id, "pupil" + id);
                TutorialClient pupil = track(new TutorialClient(server.host(), server.port()));
                pupil.login(id, PASSWORD);
                assertThat(pupil.readUntil("LoginResMes").data().path("code").asInt())
                        .isEqualTo(200);
                classroom.add(pupil);
            }
            classroom.get(0).say("hello class");
            for (TutorialClient pupil : classroom.subList(1, classroom.size())) {
                assertThat(pupil.readUntil(f -> f.type().equals("SmsMes"))
                                .data()
                                .path("content")
                                .asText())
                        .isEqualTo("hello class");
            }

            classroom.get(1).say("still there, tom?");
            Frame marker = tom.readUntil(f -> f.type().equals("SmsMes")
                    && f.data().path("content").asText().equals("still there, tom?"));
            assertThat(marker.data().path("userId").asInt()).isEqualTo(11);
        }
    }

    private RunningServer server(AdmissionLimits limits) throws Exception {
        return RunningServer.with(ServerConfig.defaults().withDataDir(dataDir).withAdmission(limits));
    }

    private TutorialClient track(TutorialClient c) {
        open.add(c);
        return c;
    }

    /** Waits until {@code refused} of {@code flood} have been closed by the server; returns the rest. */
    private static List<TutorialClient> awaitRefusedClosed(List<TutorialClient> flood, int refused, Duration within)
            throws IOException {
        List<TutorialClient> pending = new ArrayList<>(flood);
        int closed = 0;
        long deadline = System.nanoTime() + within.toNanos();
        while (closed < refused && System.nanoTime() < deadline) {
            for (var it = pending.iterator(); it.hasNext(); ) {
                if (it.next().closedWithin(1)) {
                    it.remove();
                    closed++;
                }
            }
        }
        assertThat(closed).as("refused connections closed").isEqualTo(refused);
        return pending;
    }

    /** A connection from {@code local} that the server admitted (a place freed by a close shows up soon after). */
    private TutorialClient admittedFrom(String local, RunningServer server) throws Exception {
        long deadline = System.nanoTime() + PROMPTLY.toNanos();
        while (true) {
            TutorialClient c = track(TutorialClient.from(local, server.host(), server.port()));
            try {
                c.hello();
                return c;
            } catch (IOException refused) {
                c.close();
                assertThat(System.nanoTime())
                        .as("admitted within %s: %s", PROMPTLY, refused)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    /** Connects from {@code local} and logs in within {@link #PROMPTLY}; returns how long it took, in nanoseconds. */
    private long assertLogsInPromptly(RunningServer server, String local, int id) throws IOException {
        long start = System.nanoTime();
        try (TutorialClient c = TutorialClient.from(local, server.host(), server.port())) {
            c.login(id, PASSWORD);
            assertThat(c.read().data().path("code").asInt()).isEqualTo(200);
        }
        long took = System.nanoTime() - start;
        assertThat(Duration.ofNanos(took)).isLessThan(PROMPTLY);
        return took;
    }

    /** Two users at the well-behaved address log in and one hears the other, all within {@link #PROMPTLY}. */
    private void chatPromptly(RunningServer server, int from, int to) throws IOException {
        long start = System.nanoTime();
        try (TutorialClient sender = TutorialClient.from(USER, server.host(), server.port());
                TutorialClient receiver = TutorialClient.from(USER, server.host(), server.port())) {
            receiver.login(to, PASSWORD);
            assertThat(receiver.readUntil("LoginResMes").data().path("code").asInt())
                    .isEqualTo(200);
            sender.login(from, PASSWORD);
            assertThat(sender.readUntil("LoginResMes").data().path("code").asInt())
                    .isEqualTo(200);
            sender.say("hi " + to);
            assertThat(receiver.readUntil(f -> f.type().equals("SmsMes")
                            && f.data().path("content").asText().equals("hi " + to)))
                    .isNotNull();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }

    /** Sends one byte every 200 ms until the server has closed the connection (bounded to 100 bytes). */
    private static Thread trickle(TutorialClient slow) {
        Thread t = new Thread(
                () -> {
                    try {
                        for (int i = 0; i < 100; i++) {
                            slow.writeBytes(new byte[] {'x'});
                            Thread.sleep(200);
                        }
                    } catch (IOException | InterruptedException e) {
                        // The server closed it: the point of the test.
                    }
                },
                "trickle");
        t.start();
        return t;
    }

    /** Opens and drops connections from the attacker's address until told to stop (bounded). */
    private static void keepConnecting(RunningServer server, AtomicBoolean stop, AtomicInteger attempts) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!stop.get() && attempts.get() < 5_000 && System.nanoTime() < deadline) {
            try (TutorialClient c = TutorialClient.from(ATTACKER, server.host(), server.port())) {
                attempts.incrementAndGet();
            } catch (IOException e) {
                attempts.incrementAndGet();
            }
        }
    }
}
