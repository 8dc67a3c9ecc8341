package io.parley.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A question for the store's next layout, asked of SQLite alone: what do W1's private messages cost the writer
 * when they go straight into the indexed {@code messages} table (the layout the store has), against an
 * append-only table without indexes that is moved into the indexed one, sorted, every {@code moveEvery} messages
 * (a journal in front of the indexes, as log-structured stores have)? One invocation is one commit of
 * {@value #PER_COMMIT} messages to random inboxes among 1,000 users from random senders, each with a client id,
 * as a writer at W1's saturation commits them (WAL, {@code synchronous=FULL}, the store's cache and checkpoint
 * settings), over a table that already holds {@value #PREFILL} messages. The result is milliseconds per commit
 * (divide by {@value #PER_COMMIT} for a message); the journal's include its moves, and the sample-time mode's
 * maximum is what one move holds the writer up for. Only the table writes are compared:
 * the reads that would have to merge the journal, and the receipts, are not part of the question.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SqliteLayoutBenchmark {
    static final int PER_COMMIT = 800;
    static final int PREFILL = 300_000;
    private static final int USERS = 1_000;
    private static final String COLUMNS = "msg_id, log, seq, from_user_id, from_user_name, to_user_id, group_name,"
            + " content, client_msg_id, sent_at, total_bytes";
    private static final String ROW = "(msg_id INTEGER PRIMARY KEY, log TEXT NOT NULL, seq INTEGER NOT NULL,"
            + " from_user_id INTEGER NOT NULL, from_user_name TEXT NOT NULL, to_user_id INTEGER NOT NULL,"
            + " group_name TEXT, content TEXT NOT NULL, client_msg_id TEXT, sent_at INTEGER NOT NULL,"
            + " total_bytes INTEGER NOT NULL) STRICT";
    private static final String CONTENT = "x".repeat(64);

    /** {@code indexed}: the store's layout. {@code journal}: an unindexed table in front of it. */
    @Param({"indexed", "journal"})
    String layout;

    /** Journal only: how many messages wait in it before they are moved into the indexed table together. */
    @Param({"50000"})
    int moveEvery;

    private Path dir;
    private Connection connection;
    private Statement moves;
    private PreparedStatement intoMessages;
    private PreparedStatement intoJournal;
    private final SplittableRandom random = new SplittableRandom(11);
    private final long[] seqs = new long[USERS];
    private final long[] clientIds = new long[USERS];
    private long msgId;
    private int journaled;

    @Setup(Level.Trial)
    public void open() throws Exception {
        dir = Files.createTempDirectory("parley-layout");
        connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("layout.db"));
        try (Statement setup = connection.createStatement()) {
            try (ResultSet mode = setup.executeQuery("PRAGMA journal_mode = WAL")) {
                mode.next();
            }
            setup.execute("PRAGMA wal_autocheckpoint = 30000");
            setup.execute("PRAGMA synchronous = FULL");
            setup.execute("PRAGMA cache_size = -16000");
            setup.execute("CREATE TABLE messages " + ROW);
            setup.execute("CREATE UNIQUE INDEX messages_by_log ON messages (log, seq)");
            setup.execute("CREATE UNIQUE INDEX messages_by_sender_client_id ON messages"
                    + " (from_user_id, client_msg_id, log) WHERE client_msg_id IS NOT NULL");
            setup.execute("CREATE TABLE journal " + ROW);
        }
        connection.setAutoCommit(false);
        moves = connection.createStatement();
        intoMessages = connection.prepareStatement(insertInto("messages"));
        intoJournal = connection.prepareStatement(insertInto("journal"));
        for (int i = 0; i < PREFILL; i++) {
            insert(intoMessages);
            if (i % 10_000 == 9_999) {
                connection.commit();
            }
        }
        connection.commit();
    }

    @Benchmark
    public void commit() throws SQLException {
        boolean journal = layout.equals("journal");
        for (int i = 0; i < PER_COMMIT; i++) {
            insert(journal ? intoJournal : intoMessages);
        }
        if (journal) {
            journaled += PER_COMMIT;
            if (journaled >= moveEvery) {
                moves.executeUpdate(
                        "INSERT INTO messages (" + COLUMNS + ") SELECT " + COLUMNS + " FROM journal ORDER BY log, seq");
                moves.executeUpdate("DELETE FROM journal");
                journaled = 0;
            }
        }
        connection.commit();
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        connection.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static String insertInto(String table) {
        return "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private void insert(PreparedStatement insert) throws SQLException {
        int to = random.nextInt(USERS);
        int from = random.nextInt(USERS);
        insert.setLong(1, ++msgId);
        insert.setString(2, "inbox:" + to);
        insert.setLong(3, ++seqs[to]);
        insert.setInt(4, from);
        insert.setString(5, "user" + from);
        insert.setInt(6, to);
        insert.setNull(7, Types.VARCHAR);
        insert.setString(8, CONTENT);
        // Numbered in order per sender, as clients number them (the store's index comment relies on it).
        insert.setString(9, String.format("c%012d", ++clientIds[from]));
        insert.setLong(10, System.currentTimeMillis());
        insert.setLong(11, 0);
        insert.executeUpdate();
    }
}
