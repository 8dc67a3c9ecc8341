package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.netty.Frames;
import io.parley.server.store.Logs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipts move a read position only up to the log's head, and only in a log the user may read. */
class ReceiptsTest {
    @TempDir
    Path dataDir;

    private ServiceFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServiceFixture(dataDir, Frames.DEFAULT_MAX_BODY, 4096);
        fixture.register(1);
        fixture.register(2);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aReceiptFarBeyondTheHeadDoesNotHideMessagesSentLater() throws Exception {
        ServiceFixture.Client bob = fixture.login(2);
        bob.send(new AckMes(LogNames.INBOX, Long.MAX_VALUE));
        bob.sync();
        bob.disconnect();
        assertThat(position(2, Logs.inbox(2))).isZero();

        ServiceFixture.Client ann = fixture.login(1);
        ann.send(new PrivateSend(2, "sent while you were away", "c-1"));
        ann.link.await(SendAckMes.class, a -> "c-1".equals(a.clientMsgId()));
        ServiceFixture.Client bobAgain = fixture.login(2);

        assertThat(bobAgain.link.await(PrivateDelivery.class, d -> true).content())
                .isEqualTo("sent while you were away");
    }

    @Test
    void aReceiptBeyondTheHeadOfAGroupTheUserIsInStopsAtTheHead() throws Exception {
        ServiceFixture.Client ann = fixture.login(1);
        ServiceFixture.Client bob = fixture.login(2);
        ann.send(new GroupCreateMes("dev", "r1"));
        ann.link.await(OkMes.class, ok -> "r1".equals(ok.reqId()));
        bob.send(new GroupJoinMes("dev", "r2"));
        bob.link.await(OkMes.class, ok -> "r2".equals(ok.reqId()));
        ann.send(new GroupSend("dev", "one", "c-1"));
        ann.send(new GroupSend("dev", "two", "c-2"));
        ann.link.await(SendAckMes.class, a -> "c-2".equals(a.clientMsgId()));

        bob.send(new AckMes(LogNames.group("dev"), 1));
        bob.send(new AckMes(LogNames.group("dev"), 1_000_000));
        bob.sync();

        assertThat(position(2, Logs.group("dev"))).isEqualTo(2);
    }

    @Test
    void aReceiptForAGroupTheUserIsNotInStoresNothingAndIsNotAnswered() throws Exception {
        ServiceFixture.Client ann = fixture.login(1);
        ann.send(new GroupCreateMes("dev", "r1"));
        ann.link.await(OkMes.class, ok -> "r1".equals(ok.reqId()));
        ann.send(new GroupSend("dev", "members only", "c-1"));
        ann.link.await(SendAckMes.class, a -> "c-1".equals(a.clientMsgId()));
        ServiceFixture.Client eve = fixture.login(2);

        eve.send(new AckMes(LogNames.group("dev"), 1));
        eve.send(new AckMes(LogNames.group("no-such-group"), 5));
        eve.sync();

        assertThat(position(2, Logs.group("dev"))).isZero();
        assertThat(positionRowsOf(2)).isZero();
        assertThat(eve.link.all(ErrorMes.class)).isEmpty();
    }

    /** Through the store, behind every write queued before it: what a login replay would start from. */
    private long position(int userId, String log) throws Exception {
        return fixture.stores.messages().position(userId, log).get(30, TimeUnit.SECONDS);
    }

    /** Rows in the positions table, read from the file by a connection of its own. */
    private int positionRowsOf(int userId) throws Exception {
        position(userId, Logs.inbox(userId)); // waits for every write queued before it to commit
        try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
                ResultSet rows = outside.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM positions WHERE user_id = " + userId)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
