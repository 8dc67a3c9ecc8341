package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.store.Logs;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoreOverloadedException;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session tells its link how many of its requests wait on the store, from the moment each arrives until it
 * is answered, however it ends: that count is what the transport stops reading on, so it must rise with held
 * work and always come back to zero.
 */
class RequestsInFlightTest {
    private static final int SENDER = 2000;
    private static final int READER = 2001;

    @TempDir
    Path data;

    Stores real;
    HeldMessageStore messages;
    PacedServiceFixture fixture;
    final List<RecordingLink> links = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        real = SqliteStores.open(data);
        messages = new HeldMessageStore(real.messages());
        fixture = new PacedServiceFixture(real.withMessages(messages));
        fixture.createUser(SENDER, "sender");
        fixture.createUser(READER, "reader");
    }

    @AfterEach
    void close() throws Exception {
        links.forEach(RecordingLink::shutdown);
        fixture.close();
    }

    @Test
    void sendsWaitingOnAHeldStoreAreCountedUntilTheyAreStoredAndAcknowledged() throws Exception {
        RecordingLink link = link();
        ClientSession session = fixture.login(link, SENDER);
        messages.hold();
        send(link, session, 200);

        await().atMost(Duration.ofSeconds(10)).until(() -> link.requestsInFlight() == 200);
        link.marker();
        assertThat(link.all(SendAckMes.class))
                .as("acknowledged while the store holds every append")
                .isEmpty();

        messages.release();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> link.all(SendAckMes.class).size() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> link.requestsInFlight() == 0);
        assertThat(link.mostRequestsInFlight()).isGreaterThanOrEqualTo(200);
        assertThat(real.messages().head(Logs.inbox(READER)).get(10, TimeUnit.SECONDS))
                .isEqualTo(200);
    }

    @Test
    void sendsTheStoreRefusesAreCountedUntilRefusedAndNothingIsAcknowledged() throws Exception {
        RecordingLink link = link();
        ClientSession session = fixture.login(link, SENDER);
        messages.hold();
        send(link, session, 100);
        await().atMost(Duration.ofSeconds(10)).until(() -> link.requestsInFlight() == 100);

        messages.refuse(new StoreOverloadedException("the test's queue is full"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> link.all(ErrorMes.class).size() == 100);
        await().atMost(Duration.ofSeconds(5)).until(() -> link.requestsInFlight() == 0);
        assertThat(link.all(ErrorMes.class))
                .allSatisfy(e -> assertThat(e.code()).isEqualTo(StatusCode.UNAVAILABLE.code()));
        assertThat(link.all(SendAckMes.class)).isEmpty();
        assertThat(real.messages().head(Logs.inbox(READER)).get(10, TimeUnit.SECONDS))
                .isZero();
    }

    @Test
    void historyRequestsAndReceiptsAreCountedToo() throws Exception {
        RecordingLink link = link();
        real.messages()
                .append(new NewMessage(
                        Logs.inbox(SENDER), READER, "reader", SENDER, null, "hello", "r1", System.currentTimeMillis()))
                .get(10, TimeUnit.SECONDS);
        ClientSession session = fixture.login(link, SENDER);
        messages.hold();
        link.executor().execute(() -> {
            fixture.service.handle(session, new HistoryMes(LogNames.INBOX, 0, 10, "h1"));
            fixture.service.handle(session, new AckMes(LogNames.INBOX, 1));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> link.requestsInFlight() == 2);

        messages.release();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> link.all(HistoryResMes.class).size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> link.requestsInFlight() == 0);
    }

    private void send(RecordingLink link, ClientSession session, int count) {
        link.executor().execute(() -> {
            for (int i = 0; i < count; i++) {
                fixture.service.handle(session, new PrivateSend(READER, "message " + i, "c" + i));
            }
        });
    }

    private RecordingLink link() {
        RecordingLink link = new RecordingLink();
        links.add(link);
        return link;
    }
}
