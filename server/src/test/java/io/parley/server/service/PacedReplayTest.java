package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.message.PrivateDelivery;
import io.parley.server.store.Appended;
import io.parley.server.store.Logs;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoredMessage;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored messages go to a session at its reader's pace: a login backlog, a gap fill and a catch-up each send
 * a message only while the link is writable, so however large the backlog and its messages, a reader that
 * keeps up never has more than the link's high-water mark unread, and a reader that stops holds the replay
 * (losing nothing) instead of filling the server's memory.
 */
class PacedReplayTest {
    private static final int READER = 1000;
    private static final int SENDER = 1001;
    /** Messages unread after which the link is not writable: the channel's 64 KiB mark in 4 KiB messages is 16. */
    private static final int HIGH_WATER = 8;

    private static final String PADDING = "x".repeat(4000);

    @TempDir
    Path data;

    PacedServiceFixture fixture;
    final List<RecordingLink> links = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        fixture = new PacedServiceFixture(SqliteStores.open(data));
        fixture.createUser(READER, "reader");
        fixture.createUser(SENDER, "sender");
    }

    @AfterEach
    void close() throws Exception {
        links.forEach(RecordingLink::shutdown);
        fixture.close();
    }

    @Test
    void aBacklogOfLargeMessagesGoesOutAtTheReadersPaceWholeAndInOrder() throws Exception {
        List<StoredMessage> backlog = store(1000);
        RecordingLink link = link(HIGH_WATER);
        fixture.login(link, READER);

        keepReading(link, backlog.size());

        assertThat(deliveredSeqs(link)).as("seqs delivered").containsExactlyElementsOf(seqs(1, 1000));
        assertThat(link.all(PrivateDelivery.class).get(999).content()).isEqualTo(content(999));
        assertThat(link.mostUnread()).as("most messages unread at once").isLessThanOrEqualTo(HIGH_WATER);
        assertThat(link.closed()).isFalse();
    }

    @Test
    void aReaderThatStopsHoldsItsReplayAtTheHighWaterMarkAndFindsEverythingStoredWhenItComesBack() throws Exception {
        store(500);
        RecordingLink stopped = link(HIGH_WATER);
        ClientSession session = fixture.login(stopped, READER);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            stopped.marker();
            return stopped.waitingForWritable();
        });
        // Waiting for writability, the replay has nothing else that could make it go on.
        assertThat(stopped.all(PrivateDelivery.class))
                .as("messages sent to a reader that reads nothing")
                .hasSizeLessThanOrEqualTo(HIGH_WATER);
        stopped.disconnect(fixture.service, session);
        stopped.marker();

        RecordingLink again = link(HIGH_WATER);
        fixture.login(again, READER);
        keepReading(again, 500);
        assertThat(deliveredSeqs(again)).containsExactlyElementsOf(seqs(1, 500));
    }

    @Test
    void aGapFillGoesOutAtTheReadersPace() throws Exception {
        RecordingLink link = link(HIGH_WATER);
        fixture.login(link, READER);
        link.drain();
        // Stored but not pushed, as if this node's pushes of them were still on their way; the last one arrives.
        List<StoredMessage> stored = store(600);
        fixture.service.peerEvents().message(stored.get(stored.size() - 1));

        keepReading(link, 600);
        assertThat(deliveredSeqs(link)).containsExactlyElementsOf(seqs(1, 600));
        assertThat(link.mostUnread()).isLessThanOrEqualTo(HIGH_WATER);
    }

    @Test
    void aCatchUpGoesOutAtTheReadersPace() throws Exception {
        RecordingLink link = link(HIGH_WATER);
        fixture.login(link, READER);
        link.drain();
        store(600);
        fixture.service.peerEvents().missedEvents(Set.of(READER));

        keepReading(link, 600);
        assertThat(deliveredSeqs(link)).containsExactlyElementsOf(seqs(1, 600));
        assertThat(link.mostUnread()).isLessThanOrEqualTo(HIGH_WATER);
    }

    @Test
    void liveMessagesBeyondWhatAReplayHoldsBackAreReadBackFromTheStoreAfterIt() throws Exception {
        store(100);
        RecordingLink link = link(HIGH_WATER);
        fixture.login(link, READER);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            link.marker();
            return link.waitingForWritable();
        });
        // While the replay waits for the reader, more live messages come than a session holds back.
        int live = ClientSession.HELD_BACK_LIMIT + 200;
        for (StoredMessage m : store(live)) {
            fixture.service.peerEvents().message(m);
        }

        keepReading(link, 100 + live);
        assertThat(deliveredSeqs(link))
                .as("each message once, in order")
                .containsExactlyElementsOf(seqs(1, 100 + live));
    }

    /** Plays a reader that keeps up: reads whatever was sent whenever the link waits for it. */
    private static void keepReading(RecordingLink link, int deliveries) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (link.all(PrivateDelivery.class).size() < deliveries) {
            assertThat(System.nanoTime())
                    .as(
                            "all %d deliveries within 60 s; %d so far",
                            deliveries, link.all(PrivateDelivery.class).size())
                    .isLessThan(deadline);
            link.marker();
            if (link.waitingForWritable()) {
                link.drain();
            }
        }
        link.drain();
        link.marker();
    }

    private RecordingLink link(int highWater) {
        RecordingLink link = RecordingLink.paced(highWater);
        links.add(link);
        return link;
    }

    /** Appends {@code count} messages to the reader's inbox directly in the store: nothing is pushed. */
    private List<StoredMessage> store(int count) throws Exception {
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        long start = fixture.stores.messages().head(Logs.inbox(READER)).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) {
            appends.add(fixture.stores
                    .messages()
                    .append(new NewMessage(
                            Logs.inbox(READER),
                            SENDER,
                            "sender",
                            READER,
                            null,
                            content((int) start + i),
                            "m" + (start + i),
                            System.currentTimeMillis())));
        }
        List<StoredMessage> stored = new ArrayList<>();
        for (CompletableFuture<Appended> append : appends) {
            stored.add(append.get(30, TimeUnit.SECONDS).message());
        }
        return stored;
    }

    private static String content(int i) {
        return i + " " + PADDING;
    }

    private static List<Long> deliveredSeqs(RecordingLink link) {
        return link.all(PrivateDelivery.class).stream()
                .map(PrivateDelivery::seq)
                .toList();
    }

    private static List<Long> seqs(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
