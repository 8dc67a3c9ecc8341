package io.parley.server.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.server.store.Appended;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.Logs;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoredMessage;
import io.parley.server.store.Stores;
import io.parley.server.store.TokenKeys;
import io.parley.server.store.Unread;
import io.parley.server.store.UserRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the SQLite backend promises: its file and pragmas, group commit, failure isolation within a
 * batch, and closing. The writer is held inside an operation where a test needs work queued behind it.
 */
class SqliteDatabaseTest {
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dataDir;

    private Stores stores;
    private SqliteDatabase db;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void open() throws Exception {
        stores = SqliteStores.open(dataDir);
        db = (SqliteDatabase) stores.backend();
    }

    @AfterEach
    void close() throws Exception {
        release.countDown();
        stores.close();
    }

    @Test
    void createsTheDatabaseFileInAMissingDataDirectory() throws Exception {
        Path nested = dataDir.resolve("not/yet/there");

        try (Stores other = SqliteStores.open(nested)) {
            assertThat(nested.resolve("parley.db")).isRegularFile();
            assertThat(other.description()).contains(nested.resolve("parley.db").toString());
        }
    }

    @Test
    void aNewDataFolderIsPrivateToTheServersUserAndSoAreTheDatabaseAndItsWalFiles() throws Exception {
        Path nested = dataDir.resolve("fresh");

        try (Stores other = SqliteStores.open(nested)) {
            await(other.users().create(new UserRecord(1, "ann", "hash", 1L)));

            assertThat(Files.getPosixFilePermissions(nested)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            for (String name : List.of("parley.db", "parley.db-wal", "parley.db-shm")) {
                assertThat(nested.resolve(name)).isRegularFile();
                assertThat(Files.getPosixFilePermissions(nested.resolve(name)))
                        .as(name)
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            }
        }
    }

    @Test
    void anExistingWorldReadableFolderIsMadePrivateAtStart() throws Exception {
        Path old = dataDir.resolve("old");
        try (Stores first = SqliteStores.open(old)) {
            await(first.users().create(new UserRecord(1, "ann", "hash", 1L)));
        }
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(old.resolve("parley.db"), PosixFilePermissions.fromString("rw-r--r--"));

        try (Stores again = SqliteStores.open(old)) {
            assertThat(Files.getPosixFilePermissions(old)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(Files.getPosixFilePermissions(old.resolve("parley.db")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(await(again.users().find(1))).isPresent();
        }
    }

    @Test
    void aLayoutOneDatabaseOpensWithItsUsersAtEpochZeroAndItsTokenKeyKept() throws Exception {
        Path old = dataDir.resolve("layout1");
        Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("parley.db"))) {
            // The tables of layout 1 that this change touches, as Parley created them.
            c.createStatement()
                    .execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, user_name TEXT NOT NULL,"
                            + " password_hash TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT");
            c.createStatement()
                    .execute("CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
                            + " STRICT, WITHOUT ROWID");
            c.createStatement().execute("INSERT INTO users VALUES (7, 'ann', 'hash', 5)");
            c.createStatement().execute("INSERT INTO settings VALUES ('token-key', 'the old key')");
            c.createStatement().execute("PRAGMA user_version = 1");
        }

        try (Stores upgraded = SqliteStores.open(old)) {
            assertThat(await(upgraded.users().find(7))).contains(new UserRecord(7, "ann", "hash", 5L, 0L));
            assertThat(await(upgraded.sessions().tokenKeys("new candidate")))
                    .isEqualTo(new TokenKeys("the old key", null, 0));
            assertThat(await(upgraded.sessions().bumpTokenEpoch(7))).isEqualTo(1L);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("parley.db"));
                ResultSet version = c.createStatement().executeQuery("PRAGMA user_version")) {
            version.next();
            assertThat(version.getInt(1)).isEqualTo(Schema.VERSION);
        }
    }

    @Test
    void aLayoutTwoDatabaseOpensWithItsUsersNotBannedAndTheirBansThenStick() throws Exception {
        Path old = dataDir.resolve("layout2");
        Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("parley.db"))) {
            // The users table of layout 2 as Parley left it: layout 1's, with token_epoch added.
            c.createStatement()
                    .execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY, user_name TEXT NOT NULL,"
                            + " password_hash TEXT NOT NULL, created_at INTEGER NOT NULL,"
                            + " token_epoch INTEGER NOT NULL DEFAULT 0) STRICT");
            c.createStatement().execute("INSERT INTO users VALUES (7, 'ann', 'hash', 5, 3)");
            c.createStatement().execute("PRAGMA user_version = 2");
        }

        try (Stores upgraded = SqliteStores.open(old)) {
            assertThat(await(upgraded.users().find(7))).contains(new UserRecord(7, "ann", "hash", 5L, 3L, 0L, ""));
            assertThat(await(upgraded.users().ban(7, 9_000L, "spam"))).contains(4L);
        }
        try (Stores reopened = SqliteStores.open(old)) {
            assertThat(await(reopened.users().find(7)))
                    .contains(new UserRecord(7, "ann", "hash", 5L, 4L, 9_000L, "spam"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve("parley.db"));
                ResultSet version = c.createStatement().executeQuery("PRAGMA user_version")) {
            version.next();
            assertThat(version.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void deletingAUserLeavesNoRowOfItsPositionsMembershipsOrRevokedTokens() {
        await(stores.users().create(new UserRecord(1, "ann", "h", 5L)));
        await(stores.users().create(new UserRecord(2, "bob", "h", 5L)));
        await(stores.groups().create("g", 2, 1L));
        await(stores.groups().join("g", 1));
        await(append(Logs.ALL, "hi", null));
        await(stores.messages().advance(1, Logs.ALL, 1));
        long future = System.currentTimeMillis() + 3_600_000;
        await(stores.sessions().revoke(1, "t1", future));
        await(stores.sessions().revoke(2, "t2", future));

        assertThat(await(stores.users().delete(1))).isTrue();

        assertThat(firstColumn("SELECT token_id FROM revoked_tokens")).containsExactly("t2");
        assertThat(firstColumn("SELECT log FROM positions WHERE user_id = 1")).isEmpty();
        assertThat(firstColumn("SELECT group_name FROM members WHERE user_id = 1"))
                .isEmpty();
        assertThat(firstColumn("SELECT user_name FROM users WHERE user_id = 1")).containsExactly("");
    }

    @Test
    void aSecondProcessCanRotateTheTokenKeyWhileTheServerHoldsTheDatabase() throws Exception {
        TokenKeys first = await(stores.sessions().tokenKeys("first"));
        await(stores.users().create(new UserRecord(1, "ann", "hash", 1L)));

        // What `parley rotate-token-key --data DIR` does: its own connections to the same WAL database.
        try (Stores rotator = SqliteStores.open(dataDir)) {
            await(rotator.sessions().rotateTokenKey("second", 1_000L));
        }

        assertThat(first.current()).isEqualTo("first");
        assertThat(await(stores.sessions().tokenKeys("ignored"))).isEqualTo(new TokenKeys("second", "first", 1_000L));
        assertThat(await(stores.users().create(new UserRecord(2, "bob", "hash", 1L))))
                .isTrue();
    }

    @Test
    void databaseIsInWalModeAndCommitsWithFullSync() throws Exception {
        try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
                ResultSet mode = outside.createStatement().executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).isEqualTo("wal");
        }
        // synchronous is a setting of each connection, so ask the writer's own; 2 is FULL.
        String synchronous = await(db.write(tx -> tx.sql().queryText("PRAGMA synchronous")));
        assertThat(synchronous).isEqualTo("2");
    }

    @Test
    void appendReturnsAtOnceAndCompletesOnlyAfterTheWriterCommits() throws Exception {
        holdWriter();

        CompletableFuture<Appended> append = append(Logs.ALL, "waiting", null);

        assertThat(append).isNotDone();
        release.countDown();
        assertThat(await(append).message().seq()).isEqualTo(1);
    }

    @Test
    void readsDoNotWaitForTheWriter() throws Exception {
        await(append(Logs.ALL, "committed", null));
        holdWriter();

        assertThat(await(stores.messages().head(Logs.ALL))).isEqualTo(1);
        assertThat(await(stores.messages().readAfter(Logs.ALL, 0, 10))).hasSize(1);
    }

    @Test
    void unreadReadsOnTheReaderOnceTheReceiptsAreSaved() throws Exception {
        for (String content : List.of("m1", "m2", "m3")) {
            await(append(Logs.ALL, content, null));
        }
        await(stores.messages().advance(7, Logs.ALL, 1));
        holdWriter();

        Unread unread = await(stores.messages().unread(7, Logs.ALL, 10));

        assertThat(unread.position()).isEqualTo(1);
        assertThat(unread.first()).extracting(StoredMessage::content).containsExactly("m2", "m3");
    }

    @Test
    void unreadWaitsBehindAReceiptStillQueuedForTheWriter() throws Exception {
        for (String content : List.of("m1", "m2", "m3")) {
            await(append(Logs.ALL, content, null));
        }
        holdWriter();
        CompletableFuture<Void> receipt = stores.messages().advance(7, Logs.ALL, 2);

        CompletableFuture<Unread> unread = stores.messages().unread(7, Logs.ALL, 10);

        assertStillWaiting(unread);
        release.countDown();
        await(receipt);
        assertThat(await(unread).position()).isEqualTo(2);
        assertThat(await(unread).first()).extracting(StoredMessage::content).containsExactly("m3");
    }

    @Test
    void unreadWaitsBehindAReceiptTheWriterTookButHasNotCommitted() throws Exception {
        for (String content : List.of("m1", "m2", "m3")) {
            await(append(Logs.ALL, content, null));
        }
        holdWriter();
        CompletableFuture<Void> receipt = stores.messages().advance(7, Logs.ALL, 2);
        // Queued behind the receipt, so that the writer takes both into its next batch and stops after the
        // receipt's save has taken the position, before the commit.
        CountDownLatch afterTheSave = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        var unused = db.write(tx -> {
            afterTheSave.countDown();
            WriterProbes.await(commit);
            return null;
        });
        release.countDown();
        assertThat(afterTheSave.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Unread> unread = stores.messages().unread(7, Logs.ALL, 10);

        assertStillWaiting(unread);
        commit.countDown();
        await(receipt);
        assertThat(await(unread).position()).isEqualTo(2);
    }

    @Test
    void queuedAppendsCommitInBatchesOfAtMostMaxBatch() throws Exception {
        holdWriter();
        long commitsBefore = db.commits();
        int count = WriteQueue.MAX_BATCH + WriteQueue.MAX_BATCH / 2;
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appends.add(append(Logs.group("big"), "m" + i, null));
        }

        release.countDown();
        List<Long> seqs = appends.stream().map(f -> await(f).message().seq()).toList();

        assertThat(seqs)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, count).boxed().toList());
        // One for the batch that held the writer, then a full batch and a half one.
        assertThat(db.commits() - commitsBefore).isEqualTo(3);
    }

    @Test
    void aFailingOperationIsUndoneAloneAndTheRestOfItsBatchCommits() throws Exception {
        holdWriter();
        long commitsBefore = db.commits();
        CompletableFuture<Appended> first = append(Logs.ALL, "first", "c-1");
        CompletableFuture<Object> failing = db.write(tx -> {
            tx.sql()
                    .execute("INSERT INTO messages (log, seq, from_user_id, from_user_name, to_user_id, content,"
                            + " sent_at) VALUES ('all', 99, 1, 'ghost', 0, 'ghost', 0)");
            tx.heads().set(Logs.ALL, 99);
            throw new SQLException("boom");
        });
        CompletableFuture<Appended> second = append(Logs.ALL, "second", "c-2");

        release.countDown();

        assertThat(await(first).message().seq()).isEqualTo(1);
        assertThat(await(second).message().seq()).isEqualTo(2);
        assertThatThrownBy(() -> failing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("boom");
        assertThat(await(stores.messages().readAfter(Logs.ALL, 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("first", "second");
        // The batch that held the writer, then — after the failed batch was rolled back — first and second alone.
        assertThat(db.commits() - commitsBefore).isEqualTo(3);
    }

    @Test
    void anOperationWhoseErrorRollsBackTheBatchFailsAloneAndTheOthersAreRetriedAndCommit() throws Exception {
        holdWriter();
        CompletableFuture<Appended> before = append(Logs.ALL, "kept 1", "c-1");
        // As SQLite does on some errors (I/O, full disk): the transaction is rolled back under the batch's feet.
        CompletableFuture<Object> breaker = db.write(tx -> {
            tx.sql().execute("ROLLBACK");
            throw new SQLException("disk I/O error");
        });
        CompletableFuture<Appended> after = append(Logs.ALL, "kept 2", "c-2");

        release.countDown();

        assertThatThrownBy(() -> breaker.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(SQLException.class);
        assertThat(await(before).message().seq()).isEqualTo(1);
        assertThat(await(after).message().seq()).isEqualTo(2);
        assertThat(await(stores.messages().readAfter(Logs.ALL, 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("kept 1", "kept 2");
        Appended retried = await(append(Logs.ALL, "kept 1", "c-1"));
        assertThat(retried.duplicate()).isTrue();
        assertThat(await(stores.messages().head(Logs.ALL))).isEqualTo(2);
    }

    @Test
    void closeCommitsWhatWasQueuedBeforeIt() throws Exception {
        holdWriter();
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            appends.add(append(Logs.ALL, "m" + i, null));
        }
        Thread closer = new Thread(() -> {
            try {
                stores.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        closer.start();

        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));

        assertThat(closer.isAlive()).isFalse();
        assertThat(appends).allSatisfy(f -> assertThat(f).isCompletedWithValueMatching(a -> !a.duplicate()));
        stores = SqliteStores.open(dataDir);
        assertThat(await(stores.messages().head(Logs.ALL))).isEqualTo(100);
    }

    @Test
    void callsAfterCloseFailInsteadOfHanging() throws Exception {
        stores.close();

        assertThat(append(Logs.ALL, "too late", null)).isCompletedExceptionally();
        assertThatThrownBy(() -> stores.messages().readAfter(Logs.ALL, 0, 1).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> stores.users().find(1).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeClosesBothConnectionsSoTheWalIsFoldedIntoTheFile() throws Exception {
        await(append(Logs.ALL, "plain sql", null));

        stores.close();

        // SQLite removes the WAL only when the last connection to the file closes.
        assertThat(dataDir.resolve("parley.db-wal")).doesNotExist();
        try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
                ResultSet rows = outside.createStatement().executeQuery("SELECT content FROM messages")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("plain sql");
        }
    }

    @Test
    void noCommitCheckpointsTheWalItself() {
        String pages = await(db.write(tx -> tx.sql().queryText("PRAGMA wal_autocheckpoint")));

        assertThat(pages).isEqualTo("0");
    }

    @Test
    void theResendIndexLeadsWithTheSenderAndReplacesTheLogFirstOneOnOpen() throws Exception {
        stores.close();
        try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"))) {
            outside.createStatement().execute("DROP INDEX messages_by_sender_client_id");
            outside.createStatement()
                    .execute("CREATE UNIQUE INDEX messages_by_log_client_id ON messages"
                            + " (log, from_user_id, client_msg_id) WHERE client_msg_id IS NOT NULL");
        }

        stores = SqliteStores.open(dataDir);
        db = (SqliteDatabase) stores.backend();

        List<String> indexes = firstColumn("SELECT name FROM sqlite_master WHERE type = 'index'"
                + " AND tbl_name = 'messages' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        List<String> columns =
                firstColumn("SELECT name FROM pragma_index_info('messages_by_sender_client_id')" + " ORDER BY seqno");
        assertThat(indexes).containsExactly("messages_by_log", "messages_by_sender_client_id");
        assertThat(columns).containsExactly("from_user_id", "client_msg_id", "log");
        StoredMessage first = await(append(Logs.ALL, "once", "c-1")).message();
        assertThat(await(append(Logs.ALL, "once", "c-1"))).isEqualTo(Appended.storedBefore(first));
    }

    @Test
    void aFileOfTheFirstLayoutOpensAndItsOldMessagesCountForTheInboxQuotaAsMessagesOfNoBytes() throws Exception {
        stores.close();
        try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"))) {
            outside.createStatement().execute("ALTER TABLE messages DROP COLUMN total_bytes");
            outside.createStatement().execute("PRAGMA user_version = 1");
            outside.createStatement()
                    .execute("INSERT INTO messages (msg_id, log, seq, from_user_id, from_user_name,"
                            + " to_user_id, content, sent_at) VALUES (1, 'inbox:2', 1, 1, 'alice', 2, 'from before', 0),"
                            + " (2, 'inbox:2', 2, 1, 'alice', 2, 'also before', 0)");
        }

        stores = SqliteStores.open(dataDir);
        db = (SqliteDatabase) stores.backend();

        assertThat(firstColumn("SELECT name FROM pragma_table_info('messages') WHERE name = 'total_bytes'"))
                .containsExactly("total_bytes");
        InboxQuota threeMessagesTenBytes = new InboxQuota(3, 10);
        assertThat(await(stores.messages().append(inbox2("0123456789"), threeMessagesTenBytes))
                        .overQuota())
                .as("the two old messages count 0 bytes")
                .isFalse();
        assertThat(await(stores.messages().append(inbox2("x"), new InboxQuota(100, 10)))
                        .overQuota())
                .as("11 bytes")
                .isTrue();
        await(stores.messages().advance(2, Logs.inbox(2), 3));
        assertThat(await(stores.messages().append(inbox2("x"), threeMessagesTenBytes))
                        .overQuota())
                .isFalse();
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("from before", "also before", "0123456789", "x");
    }

    private static NewMessage inbox2(String content) {
        return new NewMessage(Logs.inbox(2), 1, "alice", 2, null, content, null, 0L);
    }

    @Test
    void openingAVersionOneFileClampsReceiptsBeyondTheHeadAndDropsThoseOfNonMembers() throws Exception {
        await(append(Logs.inbox(2), "one", null));
        await(append(Logs.inbox(2), "two", null));
        await(stores.groups().create("dev", 1, 0L));
        stores.close();
        // What an earlier version could store: a receipt far beyond the head, and one for a group never joined.
        try (Connection outside = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"))) {
            outside.createStatement().execute("INSERT INTO positions VALUES (2, 'inbox:2', 9000000000)");
            outside.createStatement().execute("INSERT INTO positions VALUES (3, 'group:dev', 77)");
            outside.createStatement().execute("INSERT INTO positions VALUES (4, 'group:nowhere', 5)");
            outside.createStatement().execute("PRAGMA user_version = 1");
        }

        stores = SqliteStores.open(dataDir);
        db = (SqliteDatabase) stores.backend();

        assertThat(await(stores.messages().position(2, Logs.inbox(2)))).isEqualTo(2);
        assertThat(firstColumn("SELECT user_id || ' ' || log || ' ' || seq FROM positions ORDER BY user_id"))
                .containsExactly("1 group:dev 0", "2 inbox:2 2");
        assertThat(firstColumn("PRAGMA user_version")).containsExactly(String.valueOf(Schema.VERSION));
        await(append(Logs.inbox(2), "three", null));
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 2, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("three");
    }

    /** The first column of every row {@code query} returns, read through the store's own reader. */
    private List<String> firstColumn(String query) {
        return await(db.read(sql -> {
            List<String> values = new ArrayList<>();
            try (ResultSet rows = sql.prepare(query).executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }));
    }

    /** Parks the writer inside an operation until {@link #release}, so what follows queues up behind it. */
    /** A read that went to the reader would be done well within this: it waits for nothing. */
    private static void assertStillWaiting(CompletableFuture<?> future) {
        assertThatThrownBy(() -> future.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    }

    private void holdWriter() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        var unused = db.write(
                tx -> { // parks the writer only; what it writes is not the point
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
        assertThat(held.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    private CompletableFuture<Appended> append(String log, String content, String clientMsgId) {
        return stores.messages().append(new NewMessage(log, 1, "alice", 0, null, content, clientMsgId, 0L));
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store future failed or did not complete", e);
        }
    }
}
