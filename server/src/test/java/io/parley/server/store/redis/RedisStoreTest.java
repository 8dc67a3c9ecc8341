package io.parley.server.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.parley.server.store.Appended;
import io.parley.server.store.InboxQuota;
import io.parley.server.store.Logs;
import io.parley.server.store.NewMessage;
import io.parley.server.store.StoreOverloadedException;
import io.parley.server.store.StoredMessage;
import io.parley.server.store.Stores;
import io.parley.server.store.TokenKeys;
import io.parley.server.store.UserRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the Redis backend does beyond the store contract: scripts, dedup, presence bookkeeping, key layout. */
class RedisStoreTest {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    /** A second client that looks at the raw keys, the way an operator would with redis-cli. */
    private static RedisClient inspectorClient;

    private static StatefulRedisConnection<String, String> inspectorConnection;
    private static RedisCommands<String, String> inspector;

    private Stores stores;

    @BeforeAll
    static void connectInspector() {
        inspectorClient = RedisClient.create(redis.uri());
        inspectorConnection = inspectorClient.connect();
        inspector = inspectorConnection.sync();
    }

    @AfterAll
    static void closeInspector() {
        inspectorConnection.close();
        inspectorClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @BeforeEach
    void open() {
        stores = RedisStores.open(redis.uri());
    }

    @AfterEach
    void close() throws Exception {
        stores.close();
    }

    @Test
    void openingLoadsEveryScriptIntoRedis() throws Exception {
        inspector.scriptFlush();
        stores.close();
        stores = RedisStores.open(redis.uri());
        await(stores.users().find(1)); // answered after the SCRIPT LOADs sent before it

        String[] digests = Arrays.stream(Script.values()).map(Script::sha).toArray(String[]::new);
        assertThat(inspector.scriptExists(digests)).containsOnly(true);
    }

    @Test
    void dataFromBeforeRevocationStillWorksItsTokenKeyAndUsersAtEpochZero() throws Exception {
        // What an earlier version left: the key as a plain string, a user as JSON without an epoch.
        inspector.flushall();
        inspector.set(RedisKeys.TOKEN_KEY, "the old key");
        inspector.set(RedisKeys.user(7), "{\"userId\":7,\"userName\":\"ann\",\"passwordHash\":\"h\",\"createdAt\":5}");

        assertThat(await(stores.sessions().tokenKeys("new candidate")))
                .isEqualTo(new TokenKeys("the old key", null, 0));
        assertThat(await(stores.users().find(7))).contains(new UserRecord(7, "ann", "h", 5L, 0L));
        assertThat(await(stores.users().changePassword(7, "h", "h2"))).contains(1L);
    }

    @Test
    void aDeletedUserLeavesItsTombstoneAndEpochAndNoKeyOfItsInboxBanGroupsOrRevokedTokens() throws Exception {
        await(stores.users().create(new UserRecord(30, "ann \"x\"", "h", 5L)));
        await(stores.groups().create("dev", 30, 0L));
        await(stores.users().ban(30, 9_000L, "r"));
        long future = System.currentTimeMillis() + 3_600_000;
        await(stores.sessions().revoke(30, "t1", future));
        await(stores.sessions().revoke(30, "t2", future));
        // More than one batch of clear_inbox.lua, every other one with a dedup key.
        int count = UserData.INBOX_BATCH * 2 + 1;
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            appends.add(stores.messages().append(message(Logs.inbox(30), 31, i % 2 == 0 ? "c-" + i : null, "m")));
        }
        for (CompletableFuture<Appended> append : appends) {
            await(append);
        }
        await(stores.messages().advance(30, Logs.inbox(30), 5));
        assertThat(inspector.keys("parley:{log:inbox:30}:dedup:*")).hasSize(UserData.INBOX_BATCH + 1);

        assertThat(await(stores.users().delete(30))).isTrue();

        assertThat(inspector.keys("parley:{log:inbox:30}:*")).isEmpty();
        assertThat(inspector.keys("*parley:user:30*"))
                .containsExactlyInAnyOrder(RedisKeys.user(30), RedisKeys.tokenEpoch(30));
        assertThat(inspector.get(RedisKeys.user(30)))
                .isEqualTo("{\"userId\":30,\"userName\":\"\",\"passwordHash\":\"!deleted\",\"createdAt\":5}");
        assertThat(inspector.smembers(RedisKeys.members("dev"))).isEmpty();
    }

    @Test
    void aDeleteThatStoppedAfterTheTombstoneIsFinishedByARepeat() throws Exception {
        await(stores.users().create(new UserRecord(32, "bob", "h", 5L)));
        await(stores.groups().create("ops", 32, 0L));
        await(stores.messages().append(message(Logs.inbox(32), 33, "c-1", "m")));
        // What a node dying right after delete_user.lua leaves: the tombstone, and the data.
        inspector.set(
                RedisKeys.user(32), "{\"userId\":32,\"userName\":\"\",\"passwordHash\":\"!deleted\",\"createdAt\":5}");

        assertThat(await(stores.users().delete(32))).isFalse();

        assertThat(inspector.keys("parley:{log:inbox:32}:*")).isEmpty();
        assertThat(inspector.exists(RedisKeys.groupsOf(32))).isZero();
        assertThat(await(stores.groups().members("ops"))).contains(Set.of());
    }

    @Test
    void aRevokedTokenIdExpiresFromRedisWhenTheTokenWould() throws Exception {
        await(stores.users().create(new UserRecord(8, "bob", "h", 1L)));
        long until = System.currentTimeMillis() + 60_000;

        await(stores.sessions().revoke(8, "t1", until));

        long ttl = inspector.pttl(RedisKeys.revokedToken(8, "t1"));
        assertThat(ttl).isPositive().isLessThanOrEqualTo(60_000);
    }

    @Test
    void appendsKeepCallOrderWhenRedisHasForgottenTheScripts() throws Exception {
        inspector.scriptFlush();
        int rounds = 100;
        List<CompletableFuture<Appended>> inCallOrder = new ArrayList<>();
        ConcurrentLinkedQueue<Long> completionOrder = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < rounds; i++) {
            appendRecorded(inCallOrder, completionOrder);
            // Completes on Lettuce's thread between two NOSCRIPT replies, as a service chaining store calls
            // would, and appends right there: the case where a naive EVAL retry lets a later call overtake.
            // Each callback's append is recorded in inCallOrder, whose size is checked below.
            var unused = stores.messages().head(Logs.ALL).thenRun(() -> appendRecorded(inCallOrder, completionOrder));
        }

        await(stores.messages().head(Logs.ALL)); // every callback above has run once this answers
        List<CompletableFuture<Appended>> appends;
        synchronized (inCallOrder) {
            appends = List.copyOf(inCallOrder);
        }
        assertThat(appends).hasSize(2 * rounds);
        for (int i = 0; i < appends.size(); i++) {
            assertThat(await(appends.get(i)).message().seq())
                    .as("seq of call %d", i)
                    .isEqualTo(i + 1);
        }
        assertThat(completionOrder)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 2L * rounds).boxed().toList());
    }

    @Test
    void callsMadeWhileCallsAreHeldGoOutTogetherNotOneRoundTripEach() throws Exception {
        RedisConnections connections = RedisConnections.open(redis.uri());
        // One append to a call, as in a Redis Cluster: grouped, the appends would be few calls to hold.
        try (Stores own = RedisStores.owning(connections, null, false)) {
            ScriptCalls scripts = connections.scripts();
            int senders = 50;
            int each = 40;
            // Whether a call is made while others are held depends on when the NOSCRIPT replies come: rounds until
            // some were (nearly always the first). A reply that comes back while a single call is held releases a
            // batch of one, which says nothing either way (seen once in CI), so the rounds go on until the batches
            // hold ten calls each on average, or ten rounds have shown they do not.
            for (int round = 0;
                    round < 10
                            && (scripts.batchesReleased() == 0
                                    || scripts.callsReleased() < 10 * scripts.batchesReleased());
                    round++) {
                await(own.messages().head(Logs.ALL)); // the scripts loaded before are in before they are flushed
                inspector.scriptFlush();
                // Each sender appends its next message when the last one is stored, as users do: after the first
                // NOSCRIPT, nearly every call is made while others are held.
                List<CompletableFuture<List<Long>>> chains = new ArrayList<>();
                for (int s = 0; s < senders; s++) {
                    chains.add(appendInTurn(own, s, each, new ArrayList<>()));
                }
                for (CompletableFuture<List<Long>> chain : chains) {
                    assertThat(await(chain))
                            .as("one sender's seqs")
                            .hasSize(each)
                            .isSorted();
                }
            }
            assertThat(scripts.batchesReleased()).as("calls were held").isPositive();
            assertThat(scripts.callsReleased())
                    .as("held calls per batch (%d batches)", scripts.batchesReleased())
                    .isGreaterThanOrEqualTo(10 * scripts.batchesReleased());
        }
    }

    private static CompletableFuture<List<Long>> appendInTurn(Stores stores, int sender, int left, List<Long> seqs) {
        if (left == 0) {
            return CompletableFuture.completedFuture(seqs);
        }
        return stores.messages()
                .append(message(Logs.group("held"), sender + 1, null, "m" + left))
                .thenCompose(done -> {
                    seqs.add(done.message().seq());
                    return appendInTurn(stores, sender, left - 1, seqs);
                });
    }

    /** Appends and records the call in one step, so the list's order is the order the calls were made. */
    private void appendRecorded(List<CompletableFuture<Appended>> inCallOrder, Collection<Long> completionOrder) {
        synchronized (inCallOrder) {
            CompletableFuture<Appended> append =
                    stores.messages().append(message(Logs.ALL, 1, null, "m" + inCallOrder.size()));
            // Only records the order; append itself is in inCallOrder and checked.
            var unused =
                    append.thenAccept(done -> completionOrder.add(done.message().seq()));
            inCallOrder.add(append);
        }
    }

    @Test
    void openStoresRefuseWritesWhileRedisIsAwayAndCarryOnOnceItIsBack() throws Exception {
        await(stores.messages().append(message(Logs.ALL, 1, null, "before")));

        redis.server().pause();
        assertThatThrownBy(() -> await(stores.messages().append(message(Logs.ALL, 1, null, "lost"))))
                .hasRootCauseInstanceOf(RedisException.class);
        redis.server().startAgain(); // the same port and data; the new server has no scripts loaded

        Appended after = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> await(stores.messages().append(message(Logs.ALL, 1, null, "after"))), a -> true);
        assertThat(after.message().seq()).isEqualTo(2);
        assertThat(await(stores.messages().readAfter(Logs.ALL, 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("before", "after");
    }

    @Test
    void aDuplicateTakesNoSeqAndLeavesTheOriginalAsItWas() throws Exception {
        Appended first = await(stores.messages().append(message(Logs.inbox(2), 1, "c-1", "hello")));
        Appended again = await(stores.messages().append(message(Logs.inbox(2), 1, "c-1", "hello, edited")));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(1);
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 0, 10))).containsExactly(first.message());
    }

    @Test
    void appendsMadeTogetherGoOutSeveralToACallEachInItsLogsCallOrder() throws Exception {
        RedisMessageStore messages = (RedisMessageStore) stores.messages();
        InboxQuota quota = new InboxQuota(1_000, 1 << 20);
        int made = 1_000;
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < made; i++) {
            // Ten inboxes (a quota each) and a group log; every third without a client id, every fifth a resend.
            String log = i % 11 == 10 ? Logs.group("many") : Logs.inbox(1 + i % 11);
            String clientMsgId = i % 3 == 0 ? null : "c-" + (i % 5 == 4 ? i - 1 : i);
            appends.add(messages.append(message(log, 100 + i % 7, clientMsgId, "m" + i), quota));
        }

        Map<String, Long> heads = new HashMap<>();
        for (int i = 0; i < made; i++) {
            Appended appended = await(appends.get(i));
            StoredMessage stored = appended.message();
            if (appended.duplicate()) {
                assertThat(stored).isEqualTo(await(appends.get(i - 1)).message());
                continue;
            }
            assertThat(stored.content()).isEqualTo("m" + i);
            assertThat(stored.seq())
                    .as("seq of call %d in %s", i, stored.log())
                    .isEqualTo(heads.merge(stored.log(), 1L, Long::sum));
        }
        for (Map.Entry<String, Long> head : heads.entrySet()) {
            assertThat(await(messages.readAfter(head.getKey(), 0, made)))
                    .extracting(StoredMessage::seq)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, head.getValue()).boxed().toList());
        }
        long[] calls = messages.writeCalls();
        assertThat(calls[1]).as("writes sent").isEqualTo(made);
        assertThat(calls[0])
                .as("script calls for %d appends", made)
                .isGreaterThanOrEqualTo(made / LogCommands.MOST_PER_CALL)
                .isLessThan(made / 4);
    }

    @Test
    void aReadMadeWhileWritesWaitForACallComesAfterThem() throws Exception {
        RedisMessageStore messages = (RedisMessageStore) stores.messages();
        String log = Logs.inbox(3);
        int made = 500;
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < made; i++) {
            appends.add(messages.append(message(log, 100, "r-" + i, "m" + i), InboxQuota.NONE));
        }
        // Made before most appends can have gone out (two calls in flight at most): it must still see them all.
        CompletableFuture<Long> head = messages.head(log);
        CompletableFuture<List<StoredMessage>> read = messages.readAfter(log, 0, made);
        messages.advance(3, log, made).get(10, TimeUnit.SECONDS);
        CompletableFuture<Long> position = messages.position(3, log);

        assertThat(await(head)).isEqualTo(made);
        assertThat(await(read)).hasSize(made);
        assertThat(await(position)).isEqualTo(made);
        assertThat(appends).allSatisfy(append -> assertThat(append).isCompleted());
    }

    @Test
    void commandsBeyondTheQueueBoundAreRefusedAtOnceAndTheQueuedOnesStillGoOut() throws Exception {
        try (RedisConnections connections = withScriptsLoaded()) {
            LogCommands commands = new LogCommands(connections.scripts(), "", true, 100, Duration.ofSeconds(10));
            // Redis answers no one for two seconds: once both calls are in flight, nothing leaves the queue.
            inspector.clientPause(2_000);
            List<CompletableFuture<List<Object>>> writes = queueAdvances(commands, Logs.inbox(4), 1_000);
            Awaitility.await().until(() -> commands.calls() == LogCommands.MOST_CALLS_IN_FLIGHT);
            // The sender may have emptied the queue into those calls only after the first writes were refused
            // (CI, once): these fill it to its bound again.
            writes.addAll(queueAdvances(commands, Logs.inbox(6), 200));
            // Made while the writes above still wait: refused at once, without waiting for Redis.
            CompletableFuture<String> refused =
                    commands.inTurn(() -> connections.commands().ping());
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).hasCauseInstanceOf(StoreOverloadedException.class);

            awaitOutcomes(writes);
            // What the two calls took, and the queue's 100.
            assertThat(sent(writes)).as("writes sent").isBetween(100L + 2L, 2L * LogCommands.MOST_PER_CALL + 100L);
            assertThat(writes)
                    .filteredOn(CompletableFuture::isCompletedExceptionally)
                    .allSatisfy(w -> assertThatThrownBy(w::join).hasCauseInstanceOf(StoreOverloadedException.class));
            // Once the queue has drained, commands go out again.
            assertThat(commands.inTurn(() -> connections.commands().ping()).get(10, TimeUnit.SECONDS))
                    .isEqualTo("PONG");
            commands.close();
        }
    }

    @Test
    void commandsThatWaitedLongerThanTheTimeoutToBeSentFailInsteadOfWaitingForEveryCallAhead() throws Exception {
        try (RedisConnections connections = withScriptsLoaded()) {
            LogCommands commands = new LogCommands(connections.scripts(), "", true, 10_000, Duration.ofMillis(300));
            // Redis answers no one for 1.5 s: the first two calls wait in flight, the rest here.
            inspector.clientPause(1_500);
            List<CompletableFuture<List<Object>>> writes = queueAdvances(commands, Logs.inbox(5), 1_000);
            awaitOutcomes(writes);

            assertThat(writes.get(0)).as("sent before the pause ended").isCompleted();
            assertThat(writes.get(999)).isCompletedExceptionally();
            assertThatThrownBy(writes.get(999)::join).hasCauseInstanceOf(RedisCommandTimeoutException.class);
            assertThat(sent(writes)).as("writes sent").isBetween(1L, 2L * LogCommands.MOST_PER_CALL);
            assertThat(commands.inTurn(() -> connections.commands().ping()).get(10, TimeUnit.SECONDS))
                    .isEqualTo("PONG");
            commands.close();
        }
    }

    /** Connections to the test's Redis whose scripts are loaded there, so that the first call does not load them. */
    private static RedisConnections withScriptsLoaded() throws Exception {
        RedisConnections connections = RedisConnections.open(redis.uri());
        connections.scripts().preload();
        connections.commands().ping().get(10, TimeUnit.SECONDS); // after the loads, on the same connection
        return connections;
    }

    /** Queues {@code count} read-position advances in {@code log}, one per user, without waiting for them. */
    private static List<CompletableFuture<List<Object>>> queueAdvances(LogCommands commands, String log, int count) {
        List<CompletableFuture<List<Object>>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<List<Object>> reply = new CompletableFuture<>();
            commands.write(new LogCommands.Write(
                    List.of(RedisKeys.positions(log), RedisKeys.head(log)),
                    List.of("P", Integer.toString(i), "1"),
                    reply));
            writes.add(reply);
        }
        return writes;
    }

    private static void awaitOutcomes(List<CompletableFuture<List<Object>>> writes) throws Exception {
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))
                .exceptionally(error -> null)
                .get(10, TimeUnit.SECONDS);
    }

    private static long sent(List<CompletableFuture<List<Object>>> writes) {
        return writes.stream().filter(w -> !w.isCompletedExceptionally()).count();
    }

    @Test
    void eachProcessTakesIdsFromItsOwnBlockSoTwoStoresNeverShareOne() throws Exception {
        try (Stores other = RedisStores.open(redis.uri())) {
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                ids.add(await(stores.messages().append(message(Logs.inbox(2), 1, null, "a" + i)))
                        .message()
                        .msgId());
                ids.add(await(other.messages().append(message(Logs.inbox(2), 1, null, "b" + i)))
                        .message()
                        .msgId());
            }
            assertThat(ids).hasSize(100);
        }
    }

    @Test
    void anAppendIsAnnouncedOnItsLogsChannelInSeqOrderAndADuplicateIsNot() throws Exception {
        List<String> heard = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> listener = inspectorClient.connectPubSub()) {
            listener.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String payload) {
                    heard.add(channel + " | " + payload);
                }
            });
            listener.sync().subscribe("ch:" + Logs.inbox(2));
            Announcements toChannels = new Announcements() {
                @Override
                public String channelOf(String log) {
                    return "ch:" + log;
                }

                @Override
                public String origin() {
                    return "node-x";
                }
            };
            try (Stores announcing = RedisStores.owning(RedisConnections.open(redis.uri()), toChannels)) {
                Appended first = await(announcing.messages().append(message(Logs.inbox(2), 1, "c-1", "one")));
                await(announcing.messages().append(message(Logs.inbox(2), 1, "c-1", "one again")));
                Appended second = await(announcing.messages().append(message(Logs.inbox(2), 1, "c-2", "two")));
                // The marker: announced on the same channel after the others, so once it is heard they all are.
                Appended marker = await(announcing.messages().append(message(Logs.inbox(2), 1, "c-3", "marker")));

                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 3);
                assertThat(heard)
                        .containsExactly(
                                "ch:inbox:2 | node-x " + Documents.message(first.message()),
                                "ch:inbox:2 | node-x " + Documents.message(second.message()),
                                "ch:inbox:2 | node-x " + Documents.message(marker.message()));
            }
        }
    }

    @Test
    void largeIdsSurviveTheScriptExactly() throws Exception {
        // Lua numbers are doubles; concatenating one of 10^14 or more would print it as 9e+15.
        inspector.set(RedisKeys.MSG_ID, "9000000000000000");
        inspector.set(RedisKeys.head(Logs.ALL), "123456789012344");
        stores.close();
        stores = RedisStores.open(redis.uri()); // reserves its first block of ids from the counter just set

        StoredMessage stored = await(stores.messages().append(message(Logs.ALL, 1, "big", "x")))
                .message();

        assertThat(stored.msgId()).isEqualTo(9_000_000_000_000_001L);
        assertThat(stored.seq()).isEqualTo(123_456_789_012_345L);
        assertThat(await(stores.messages().append(message(Logs.ALL, 1, "big", "x")))
                        .message())
                .isEqualTo(stored);
    }

    @Test
    void aMessageIsStoredAsOneReadableJsonDocument() throws Exception {
        StoredMessage stored = await(stores.messages()
                        .append(new NewMessage(Logs.group("dev"), 7, "ann", 0, "dev", "hi \"all\"", "c-7", 1234L)))
                .message();

        List<String> members = inspector.zrange(RedisKeys.messages(Logs.group("dev")), 0, -1);
        assertThat(members)
                .containsExactly("{\"msgId\":" + stored.msgId() + ",\"seq\":1,\"log\":\"group:dev\","
                        + "\"from\":7,\"fromName\":\"ann\",\"to\":0,\"group\":\"dev\",\"content\":\"hi \\\"all\\\"\","
                        + "\"clientMsgId\":\"c-7\",\"sentAt\":1234}");
    }

    @Test
    void aPositionAnEarlierVersionStoredBeyondTheHeadIsLoweredToTheHeadWhenRead() throws Exception {
        await(stores.messages().append(new NewMessage(Logs.inbox(2), 1, "ann", 2, null, "one", null, 1L)));
        inspector.hset(RedisKeys.positions(Logs.inbox(2)), "2", "9000000000");

        assertThat(await(stores.messages().position(2, Logs.inbox(2)))).isEqualTo(1);
        assertThat(inspector.hget(RedisKeys.positions(Logs.inbox(2)), "2")).isEqualTo("1");
        await(stores.messages().append(new NewMessage(Logs.inbox(2), 1, "ann", 2, null, "two", null, 2L)));
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 1, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("two");
    }

    @Test
    void aGroupsKeysAndItsLogsKeysShareOneClusterSlot() throws Exception {
        await(stores.groups().create("dev", 1, 0L));
        await(stores.groups().join("dev", 2));
        await(stores.messages().append(new NewMessage(Logs.group("dev"), 1, "ann", 0, "dev", "hi", "c", 1L)));
        await(stores.messages().advance(2, Logs.group("dev"), 1));

        List<String> keys = inspector.keys("parley:{log:group:dev}:*");
        assertThat(keys).hasSize(6); // group, members, head, msgs, pos and the dedup key of clientMsgId "c"
        assertThat(keys.stream().map(SlotHash::getSlot).distinct()).hasSize(1);
    }

    @Test
    void sessionsAreCountedInOneHashFieldPerNode() throws Exception {
        assertThat(await(stores.presence().connect(1, "node-a"))).isTrue();
        assertThat(await(stores.presence().connect(1, "node-a"))).isFalse();
        assertThat(await(stores.presence().connect(1, "node-b"))).isFalse();
        assertThat(inspector.hgetall(RedisKeys.sessions(1)))
                .containsOnly(Map.entry("node-a", "2"), Map.entry("node-b", "1"));

        assertThat(await(stores.presence().disconnect(1, "node-a"))).isFalse();
        assertThat(await(stores.presence().disconnect(1, "node-a"))).isFalse();
        assertThat(inspector.hkeys(RedisKeys.sessions(1))).containsExactly("node-b");
        assertThat(await(stores.presence().disconnect(1, "node-b"))).isTrue();
        assertThat(await(stores.presence().online())).isEmpty();
    }

    @Test
    void clearingABigNodeTakesEveryOneOfItsUsersOffline() throws Exception {
        int users = 1_207;
        List<CompletableFuture<Boolean>> connects = new ArrayList<>();
        for (int user = 1; user <= users; user++) {
            connects.add(stores.presence().connect(user, "node-a"));
        }
        await(CompletableFuture.allOf(connects.toArray(new CompletableFuture<?>[0])));

        Set<Integer> gone = await(stores.presence().clearNode("node-a"));

        assertThat(gone).hasSize(users).contains(1, users);
        assertThat(await(stores.presence().online())).isEmpty();
    }

    @Test
    void presenceLeavesNoKeysBehindOnceEveryoneIsGone() throws Exception {
        await(stores.presence().connect(1, "node-a"));
        await(stores.presence().connect(2, "node-a"));
        await(stores.presence().connect(2, "node-b"));
        await(stores.presence().disconnect(1, "node-a"));
        await(stores.presence().clearNode("node-a"));
        await(stores.presence().clearNode("node-b"));

        assertThat(inspector.keys("parley:presence:*")).isEmpty();
    }

    @Test
    void allFourStoresShareOneConnectionAndCloseItTogether() throws Exception {
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int user = 1; user <= 50; user++) {
            calls.add(stores.users().find(user));
            calls.add(stores.messages().append(message(Logs.inbox(user), 1, null, "hi")));
            calls.add(stores.groups().groupsOf(user));
            calls.add(stores.presence().connect(user, "node-a"));
        }
        await(CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])));

        assertThat(clients())
                .as("the inspector's connection and the stores' one")
                .isEqualTo(2);
        stores.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> clients() == 1);
        stores = RedisStores.open(redis.uri()); // for close() after the test
    }

    private static long clients() {
        return inspector.clientList().lines().count();
    }

    private static NewMessage message(String log, int from, String clientMsgId, String content) {
        return new NewMessage(log, from, "user" + from, 0, null, content, clientMsgId, 1000L);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}
