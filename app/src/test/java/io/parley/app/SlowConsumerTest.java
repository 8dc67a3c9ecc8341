package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.RunningServer;
import io.parley.app.testing.ServerAddress;
import io.parley.app.testing.TutorialClient;
import io.parley.app.testing.TutorialUsers;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SendAckMes;
import io.parley.server.ServerConfig;
import io.parley.server.transport.Backpressure;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Delivery contract item 8 over real sockets: a connection that stops reading is cut off once more than
 * {@code slowConsumerBytes} wait for it, the users who do read are not held up by it, and nothing it missed is
 * lost — it all arrives, in order, when it logs in again.
 */
class SlowConsumerTest {
    private static final int FLOODER = 100;
    private static final int SLOW = 200;
    private static final int STEADY = 300;
    /**
     * Where the flood gives up if the stalled user is never cut off: 16 MiB owed to it, several times what
     * loopback's socket buffers can hold (the server's send buffer grows to megabytes there; about 2.6 MB of
     * the flood sat in the kernel when this was written), so only a missing cut-off ends the flood here.
     */
    private static final int MAX_FLOOD = 8000;
    /** Messages to each recipient after the stalled user was seen to go: these find it offline. */
    private static final int AFTER_CUT_OFF = 100;
    /** Sends awaiting their acknowledgement at once: the flood waits for none, nor outruns the request timeout. */
    private static final int WINDOW = 200;

    private static final String PADDING = "x".repeat(2048);
    /** A backlog of thousands of messages near the 4,096-byte content limit: 8 MB, 32 times slowConsumerBytes. */
    private static final int BACKLOG = 2000;

    private static final String LARGE_PADDING = "y".repeat(4000);

    /**
     * The flooder sends far beyond the default message rate and inbox quota (which --load-test lifts): the
     * slow-consumer cut-off at the default slowConsumerBytes, 256 KiB, is tested.
     */
    @RegisterExtension
    final ParleyServerExtension server =
            new ParleyServerExtension(config -> config.withSlowConsumerBytes(ServerConfig.DEFAULT_SLOW_CONSUMER_BYTES)
                    .withLoadTest(true));

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void recordLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopRecording() {
        root.detachAppender(logs);
    }

    @Test
    void aReaderThatStallsIsCutOffWithoutHoldingUpOthersAndGetsEverythingItMissedWhenItLogsInAgain() throws Exception {
        TutorialUsers.register(server, SLOW, "slow");
        try (ChatUser flooder = ChatUser.online(server, FLOODER);
                ChatUser steady = ChatUser.online(server, STEADY);
                TutorialClient stalled = new TutorialClient(server.host(), server.port(), 4096)) {
            stalled.hello();
            stalled.login(SLOW, TutorialUsers.PASSWORD);
            TutorialClient.Frame reply = stalled.readUntil("LoginResMes");
            assertThat(reply.data().path("code").asInt()).as(reply.body()).isEqualTo(200);
            // From here on the stalled user reads nothing (and never acknowledges) until the flood is over.

            // Flood both with private messages until the server drops the stalled user (everyone online hears it
            // go offline), then a little more, which it must find waiting when it comes back.
            NotifyUserStatusMes slowWentOffline = new NotifyUserStatusMes(SLOW, NotifyUserStatusMes.OFFLINE);
            List<CompletableFuture<SendAckMes>> toSlow = new ArrayList<>();
            List<CompletableFuture<SendAckMes>> toSteady = new ArrayList<>();
            Semaphore window = new Semaphore(WINDOW);
            int sent = 0;
            int stopAt = MAX_FLOOD;
            for (; sent < stopAt; sent++) {
                if (stopAt == MAX_FLOOD && flooder.statuses.contains(slowWentOffline)) {
                    stopAt = sent + AFTER_CUT_OFF;
                }
                int n = sent;
                toSlow.add(windowed(window, () -> flooder.client.sendPrivate(SLOW, slowText(n))));
                toSteady.add(windowed(window, () -> flooder.client.sendPrivate(STEADY, steadyText(n))));
            }
            List<SendAckMes> slowAcks = allOf(toSlow);
            allOf(toSteady);
            int flood = sent;
            assertThat(flooder.statuses)
                    .as("presence notices after %d messages of 2 KiB to the stalled user", flood)
                    .contains(slowWentOffline);
            assertThat(logged(Level.WARN)).as("the server's warnings").anyMatch(line -> line.contains("slow consumer"));

            List<TutorialClient.Frame> leftInBuffers = stalled.readUntilClosed();
            assertThat(leftInBuffers.stream()
                            .filter(f -> f.type().equals("PrivateMes"))
                            .count())
                    .as("messages that reached the stalled user's socket before it was cut off")
                    .isLessThan(flood);

            await().atMost(Duration.ofSeconds(15)).until(() -> steady.privates.size() >= flood);
            assertThat(steady.privateTexts())
                    .as("what the reading user received while the other stalled")
                    .containsExactlyElementsOf(texts(flood, SlowConsumerTest::steadyText));
            assertThat(steady.client.isConnected()).isTrue();

            try (ChatUser slowAgain = new ChatUser(SLOW, TutorialUsers.PASSWORD)) {
                slowAgain.connect(server);
                assertThat(slowAgain.login().ok()).isTrue();
                await().atMost(Duration.ofSeconds(15)).until(() -> slowAgain.privates.size() >= flood);
                assertThat(slowAgain.privates.stream()
                                .map(PrivateDelivery::msgId)
                                .toList())
                        .as("msgIds redelivered after the reconnect, against those acknowledged to the sender")
                        .containsExactlyElementsOf(
                                slowAcks.stream().map(SendAckMes::msgId).toList());
                assertThat(slowAgain.privateTexts())
                        .containsExactlyElementsOf(texts(flood, SlowConsumerTest::slowText));
                assertThat(slowAgain.client.isConnected())
                        .as("the reconnected reader is not cut off by its backlog")
                        .isTrue();
            }
        }
        assertThat(logged(Level.ERROR)).as("errors logged").isEmpty();
    }

    @Test
    void aBacklogOfThousandsOfLargeMessagesReachesAReaderThatKeepsUpWholeInOrderAndWithoutACutOff() throws Exception {
        // Default slowConsumerBytes (256 KiB, a 64th of this backlog); --load-test only lifts the sender's rate
        // and the recipient's offline quota, which would otherwise stop the backlog from being stored at all.
        TutorialUsers.register(server, SLOW, "reader");
        List<SendAckMes> stored = storeBacklog(server, SLOW, BACKLOG);

        try (TutorialClient reader = new TutorialClient(server.host(), server.port(), 4096)) {
            reader.hello();
            reader.login(SLOW, TutorialUsers.PASSWORD);
            assertThat(reader.readUntil("LoginResMes").data().path("code").asInt())
                    .isEqualTo(200);
            List<String> received = new ArrayList<>();
            while (received.size() < BACKLOG) {
                TutorialClient.Frame frame = reader.read();
                if (frame.type().equals("PrivateMes")) {
                    received.add(frame.data().path("content").asText());
                }
            }
            assertThat(received)
                    .as("the backlog, read by a reader with a 4 KiB receive buffer")
                    .containsExactlyElementsOf(texts(BACKLOG, SlowConsumerTest::backlogText));
            assertThat(stored).hasSize(BACKLOG);
        }
        assertThat(logged(Level.WARN)).as("the server's warnings").noneMatch(line -> line.contains("slow consumer"));
    }

    @Test
    void aReaderThatStopsDuringItsBacklogIsCutOffWhileOthersChatAndFindsItAllWhenItComesBack(@TempDir Path data)
            throws Exception {
        // A server of its own: the soft limit in seconds is a Backpressure setting, not a ServerConfig one.
        try (RunningServer softLimited = RunningServer.with(
                RunningServer.testConfig().withDataDir(data).withLoadTest(true),
                Backpressure.DEFAULTS.withSlowConsumerSeconds(2))) {
            cutOffAtTheSoftLimitAndBackLater(softLimited);
        }
    }

    private void cutOffAtTheSoftLimitAndBackLater(RunningServer server) throws Exception {
        TutorialUsers.register(server, SLOW, "stops");
        storeBacklog(server, SLOW, BACKLOG);

        try (ChatUser steady = new ChatUser(STEADY, "pw-" + STEADY);
                ChatUser other = ChatUser.online(server, STEADY + 1);
                TutorialClient stalled = new TutorialClient(server.host(), server.port(), 4096)) {
            steady.client
                    .connect(new InetSocketAddress(server.host(), server.port()), new InetSocketAddress("127.0.0.3", 0))
                    .get(10, TimeUnit.SECONDS);
            steady.client.register(STEADY, steady.password, "steady").get(10, TimeUnit.SECONDS);
            assertThat(steady.login().ok()).isTrue();

            stalled.hello();
            stalled.login(SLOW, TutorialUsers.PASSWORD);
            assertThat(stalled.readUntil("LoginResMes").data().path("code").asInt())
                    .isEqualTo(200);
            // From here on it reads nothing; its backlog waits for it, until the soft limit cuts it off.

            NotifyUserStatusMes wentOffline = new NotifyUserStatusMes(SLOW, NotifyUserStatusMes.OFFLINE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (int i = 0; !steady.statuses.contains(wentOffline); i++) {
                assertThat(System.nanoTime())
                        .as("the stalled reader cut off within 60 s")
                        .isLessThan(deadline);
                long began = System.nanoTime();
                steady.client.sendPrivate(STEADY + 1, "meanwhile " + i).get(20, TimeUnit.SECONDS);
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(20)).until(() -> other.privates.size() >= expected);
                assertThat(Duration.ofNanos(System.nanoTime() - began))
                        .as("a message between others")
                        .isLessThan(Duration.ofSeconds(20));
            }
            assertThat(logged(Level.WARN)).anyMatch(line -> line.contains("slow consumer"));
        }

        try (ChatUser back = new ChatUser(SLOW, TutorialUsers.PASSWORD)) {
            back.connect(server);
            assertThat(back.login().ok()).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> back.privates.size() >= BACKLOG);
            assertThat(back.privateTexts()).containsExactlyElementsOf(texts(BACKLOG, SlowConsumerTest::backlogText));
        }
    }

    /** Stores {@code count} messages of about 4 KB for {@code recipient}, offline, from the flooder. */
    private static List<SendAckMes> storeBacklog(ServerAddress server, int recipient, int count) throws Exception {
        try (ChatUser sender = ChatUser.online(server, FLOODER)) {
            Semaphore window = new Semaphore(WINDOW);
            List<CompletableFuture<SendAckMes>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                acks.add(windowed(window, () -> sender.client.sendPrivate(recipient, backlogText(n))));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            return acks.stream().map(CompletableFuture::join).toList();
        }
    }

    private static String backlogText(int i) {
        return "backlog " + i + " " + LARGE_PADDING;
    }

    private static List<String> texts(int count, IntFunction<String> text) {
        return IntStream.range(0, count).mapToObj(text).toList();
    }

    private static String slowText(int i) {
        return "slow " + i + " " + PADDING;
    }

    private static String steadyText(int i) {
        return "steady " + i;
    }

    /** The lines logged at {@code level}; the appender adds under its own lock, so the copy is taken under it. */
    private List<String> logged(Level level) {
        ListAppender<ILoggingEvent> appender = logs;
        synchronized (appender) {
            return appender.list.stream()
                    .filter(e -> e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    /** Sends once fewer than {@link #WINDOW} sends await their acknowledgement. */
    private static CompletableFuture<SendAckMes> windowed(
            Semaphore window, Supplier<CompletableFuture<SendAckMes>> send) throws InterruptedException {
        assertThat(window.tryAcquire(15, TimeUnit.SECONDS))
                .as("an acknowledgement within 15 s")
                .isTrue();
        CompletableFuture<SendAckMes> ack = send.get();
        var unused = ack.whenComplete((ok, error) -> window.release()); // the caller has ack, and its outcome
        return ack;
    }

    private static List<SendAckMes> allOf(List<CompletableFuture<SendAckMes>> acks) throws Exception {
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return acks.stream().map(CompletableFuture::join).toList();
    }
}
