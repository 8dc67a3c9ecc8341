package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every backend must do, proved through the store interfaces only, so that the same tests hold the
 * SQLite and the Redis stores to one behaviour. A subclass says how to open its backend.
 */
public abstract class StoreContract {
    /** Long enough for a slow machine; reached only when a future would otherwise hang the suite. */
    private static final long TIMEOUT_SECONDS = 30;

    protected Stores stores;

    /** Opens a backend holding no data; called before each test. */
    protected abstract Stores openStores() throws Exception;

    /**
     * Closes {@link #stores} and opens the same data again, as a server restart would. The default calls
     * {@link #openStores()} again, which fits a backend whose location stays the same for the whole test;
     * override it when {@code openStores} starts from empty each time.
     */
    /**
     * Whether appends to different logs complete in the order they were made: true for one SQLite writer and one
     * Redis connection; a Redis Cluster keeps the order within each log, whose keys live on one master.
     */
    protected boolean appendsCompleteInCallOrderAcrossLogs() {
        return true;
    }

    protected Stores reopenStores() throws Exception {
        stores.close();
        return openStores();
    }

    @BeforeEach
    void open() throws Exception {
        stores = openStores();
    }

    @AfterEach
    void close() throws Exception {
        if (stores != null) {
            stores.close();
        }
    }

    // ---- users

    @Test
    void createdUserIsFoundWithEveryField() {
        UserRecord alice = new UserRecord(7, "alice", "salt$hash", 1_700_000_000_000L);

        assertThat(await(stores.users().create(alice))).isTrue();

        assertThat(await(stores.users().find(7))).contains(alice);
    }

    @Test
    void unknownUserIsNotFound() {
        assertThat(await(stores.users().find(404))).isEmpty();
    }

    @Test
    void creatingATakenUserIdReturnsFalseAndKeepsTheFirstUser() {
        UserRecord first = new UserRecord(1, "alice", "h1", 1L);
        await(stores.users().create(first));

        assertThat(await(stores.users().create(new UserRecord(1, "mallory", "h2", 2L))))
                .isFalse();

        assertThat(await(stores.users().find(1))).contains(first);
    }

    @Test
    void aNewUserHasTokenEpochZero() {
        await(stores.users().create(new UserRecord(8, "bob", "h", 1L)));

        assertThat(await(stores.users().find(8)))
                .get()
                .extracting(UserRecord::tokenEpoch)
                .isEqualTo(0L);
    }

    @Test
    void changePasswordReplacesTheHashAndRaisesTheEpochWhenTheOldHashMatches() {
        await(stores.users().create(new UserRecord(9, "carol \"passwordHash\":\"h1\"", "h1", 5L)));

        assertThat(await(stores.users().changePassword(9, "h1", "h2"))).contains(1L);

        assertThat(await(stores.users().find(9)))
                .contains(new UserRecord(9, "carol \"passwordHash\":\"h1\"", "h2", 5L, 1L));
    }

    @Test
    void changePasswordChangesNothingWhenTheStoredHashIsNoLongerTheOldOne() {
        await(stores.users().create(new UserRecord(10, "dave", "h1", 5L)));
        await(stores.users().changePassword(10, "h1", "h2"));

        assertThat(await(stores.users().changePassword(10, "h1", "h3"))).isEmpty();
        assertThat(await(stores.users().changePassword(404, "h1", "h3"))).isEmpty();

        assertThat(await(stores.users().find(10)))
                .get()
                .extracting(UserRecord::passwordHash)
                .isEqualTo("h2");
    }

    @Test
    void hashesWithQuotesAndBackslashesAreComparedExactly() {
        await(stores.users().create(new UserRecord(11, "erin", "a\"b\\c", 5L)));

        assertThat(await(stores.users().changePassword(11, "a\"b\\", "x"))).isEmpty();
        assertThat(await(stores.users().changePassword(11, "a\"b\\c", "d\"e"))).contains(1L);

        assertThat(await(stores.users().find(11)))
                .get()
                .extracting(UserRecord::passwordHash)
                .isEqualTo("d\"e");
    }

    // ---- sessions: token keys, revocation, epochs

    @Test
    void theFirstTokenKeyIsKeptAndReturnedToEveryLaterCaller() throws Exception {
        assertThat(await(stores.sessions().tokenKeys("first"))).isEqualTo(new TokenKeys("first", null, 0));
        assertThat(await(stores.sessions().tokenKeys("second"))).isEqualTo(new TokenKeys("first", null, 0));

        stores = reopenStores();

        assertThat(await(stores.sessions().tokenKeys("third"))).isEqualTo(new TokenKeys("first", null, 0));
    }

    @Test
    void rotatingMakesTheNewKeyCurrentAndKeepsTheOldOneAsPreviousAcrossReopen() throws Exception {
        await(stores.sessions().tokenKeys("first"));

        assertThat(await(stores.sessions().rotateTokenKey("second", 1_000L)))
                .isEqualTo(new TokenKeys("second", "first", 1_000L));
        assertThat(await(stores.sessions().tokenKeys("ignored"))).isEqualTo(new TokenKeys("second", "first", 1_000L));

        stores = reopenStores();

        assertThat(await(stores.sessions().rotateTokenKey("third", 2_000L)))
                .isEqualTo(new TokenKeys("third", "second", 2_000L));
        assertThat(await(stores.sessions().tokenKeys("ignored"))).isEqualTo(new TokenKeys("third", "second", 2_000L));
    }

    @Test
    void resumeStateIsEmptyForAnUnknownUserAndCarriesNameAndEpochOtherwise() {
        await(stores.users().create(new UserRecord(12, "fay", "h", 1L)));

        assertThat(await(stores.sessions().resumeState(404, "t1"))).isEmpty();
        assertThat(await(stores.sessions().resumeState(12, "t1"))).contains(new ResumeState("fay", 0, false));
    }

    @Test
    void aRevokedTokenIdIsRevokedForItsUserOnly() {
        await(stores.users().create(new UserRecord(13, "gus", "h", 1L)));
        await(stores.users().create(new UserRecord(14, "hal", "h", 1L)));
        long future = System.currentTimeMillis() + 3_600_000;

        await(stores.sessions().revoke(13, "t1", future));
        await(stores.sessions().revoke(13, "t1", future));

        assertThat(await(stores.sessions().resumeState(13, "t1"))).contains(new ResumeState("gus", 0, true));
        assertThat(await(stores.sessions().resumeState(13, "t2"))).contains(new ResumeState("gus", 0, false));
        assertThat(await(stores.sessions().resumeState(14, "t1"))).contains(new ResumeState("hal", 0, false));
    }

    @Test
    void bumpingTheEpochRaisesItByOneEachTimeAndFindAndResumeStateSeeIt() throws Exception {
        await(stores.users().create(new UserRecord(15, "ida", "h", 1L)));

        assertThat(await(stores.sessions().bumpTokenEpoch(15))).isEqualTo(1L);
        assertThat(await(stores.sessions().bumpTokenEpoch(15))).isEqualTo(2L);
        assertThat(await(stores.users().changePassword(15, "h", "h2"))).contains(3L);

        stores = reopenStores();

        assertThat(await(stores.users().find(15)))
                .get()
                .extracting(UserRecord::tokenEpoch)
                .isEqualTo(3L);
        assertThat(await(stores.sessions().resumeState(15, "t"))).contains(new ResumeState("ida", 3, false));
    }

    // ---- users: bans, password resets, deletion (the admin commands)

    @Test
    void aBanIsFoundWithItsReasonRaisesTheEpochAndSurvivesAReopen() throws Exception {
        await(stores.users().create(new UserRecord(20, "jan", "h", 5L)));
        await(stores.sessions().bumpTokenEpoch(20));

        assertThat(await(stores.users().ban(20, 9_000L, "spam \"links\" 😀"))).contains(2L);

        stores = reopenStores();

        assertThat(await(stores.users().find(20)))
                .contains(new UserRecord(20, "jan", "h", 5L, 2L, 9_000L, "spam \"links\" 😀"));
        assertThat(await(stores.sessions().resumeState(20, "t"))).contains(new ResumeState("jan", 2, false));
    }

    @Test
    void aSecondBanReplacesTheFirstAndRaisesTheEpochAgain() {
        await(stores.users().create(new UserRecord(21, "kim", "h", 5L)));
        await(stores.users().ban(21, 9_000L, "first"));

        assertThat(await(stores.users().ban(21, UserRecord.BANNED_FOR_GOOD, "second")))
                .contains(2L);

        UserRecord kim = await(stores.users().find(21)).orElseThrow();
        assertThat(kim.bannedUntil()).isEqualTo(Long.MAX_VALUE);
        assertThat(kim.banReason()).isEqualTo("second");
        assertThat(kim.bannedAt(Long.MAX_VALUE - 1)).isTrue();
    }

    @Test
    void aBanOfAnUnknownUserChangesNothingAndIsEmpty() {
        assertThat(await(stores.users().ban(404, 9_000L, "who"))).isEmpty();

        assertThat(await(stores.users().find(404))).isEmpty();
    }

    @Test
    void unbanRemovesABanAndKeepsTheEpochButIsFalseWhenThereIsNone() throws Exception {
        await(stores.users().create(new UserRecord(22, "lee", "h", 5L)));
        await(stores.users().create(new UserRecord(23, "max", "h", 5L)));
        await(stores.users().ban(22, UserRecord.BANNED_FOR_GOOD, "abuse"));

        assertThat(await(stores.users().unban(22))).isTrue();
        assertThat(await(stores.users().unban(22))).isFalse();
        assertThat(await(stores.users().unban(23))).isFalse();
        assertThat(await(stores.users().unban(404))).isFalse();

        stores = reopenStores();
        assertThat(await(stores.users().find(22))).contains(new UserRecord(22, "lee", "h", 5L, 1L));
        assertThat(await(stores.users().find(23))).contains(new UserRecord(23, "max", "h", 5L, 0L));
    }

    @Test
    void resetPasswordReplacesAnyHashRaisesTheEpochAndKeepsABan() {
        await(stores.users().create(new UserRecord(24, "ned", "a\"b\\c", 5L)));
        await(stores.users().ban(24, 9_000L, "r"));

        assertThat(await(stores.users().resetPassword(24, "new \"hash\" \\"))).contains(2L);

        assertThat(await(stores.users().find(24)))
                .contains(new UserRecord(24, "ned", "new \"hash\" \\", 5L, 2L, 9_000L, "r"));
        assertThat(await(stores.users().changePassword(24, "new \"hash\" \\", "h3")))
                .contains(3L);
    }

    @Test
    void resetPasswordOfAnUnknownUserIsEmpty() {
        assertThat(await(stores.users().resetPassword(404, "h"))).isEmpty();

        assertThat(await(stores.users().find(404))).isEmpty();
    }

    @Test
    void aDeletedUserIsATombstoneThatNoChangeRevivesAndWhoseIdCannotBeRegistered() throws Exception {
        await(stores.users().create(new UserRecord(25, "oda", "h", 5L)));
        await(stores.users().ban(25, 9_000L, "r"));

        assertThat(await(stores.users().delete(25))).isTrue();

        UserRecord tombstone = new UserRecord(25, "", UserRecord.DELETED_HASH, 5L, 2L);
        assertThat(await(stores.users().find(25))).contains(tombstone);
        assertThat(tombstone.deleted()).isTrue();
        assertThat(await(stores.users().create(new UserRecord(25, "oda", "h", 6L))))
                .isFalse();
        assertThat(await(stores.users().delete(25))).isFalse();
        assertThat(await(stores.users().ban(25, 9_000L, "r"))).isEmpty();
        assertThat(await(stores.users().unban(25))).isFalse();
        assertThat(await(stores.users().resetPassword(25, "h2"))).isEmpty();
        assertThat(await(stores.users().changePassword(25, UserRecord.DELETED_HASH, "h2")))
                .isEmpty();
        assertThat(await(stores.sessions().resumeState(25, "t"))).isEmpty();

        stores = reopenStores();

        assertThat(await(stores.users().find(25))).contains(tombstone);
        assertThat(await(stores.users().create(new UserRecord(25, "oda", "h", 6L))))
                .isFalse();
    }

    @Test
    void deletingAnUnknownUserIsFalseAndCreatesNothing() {
        assertThat(await(stores.users().delete(404))).isFalse();

        assertThat(await(stores.users().find(404))).isEmpty();
        assertThat(await(stores.users().create(new UserRecord(404, "new", "h", 1L))))
                .isTrue();
    }

    @Test
    void deleteRemovesTheInboxPositionsAndMembershipsAndLeavesABystandersDataAlone() {
        int ann = 26;
        int bob = 27;
        await(stores.users().create(new UserRecord(ann, "ann", "h", 5L)));
        await(stores.users().create(new UserRecord(bob, "bob", "h", 5L)));
        await(stores.groups().create("anns", ann, 1L));
        await(stores.groups().join("anns", bob));
        await(stores.groups().create("bobs", bob, 1L));
        await(stores.groups().join("bobs", ann));
        append(Logs.inbox(ann), bob, "to ann", "c-1");
        append(Logs.inbox(ann), bob, "to ann again", null);
        append(Logs.inbox(bob), ann, "to bob", "c-1");
        append(Logs.group("bobs"), ann, "ann in bobs", null);
        append(Logs.ALL, ann, "ann to all", null);
        for (String log : List.of(Logs.inbox(ann), Logs.group("bobs"), Logs.ALL)) {
            await(stores.messages().advance(ann, log, 1));
        }
        await(stores.messages().advance(bob, Logs.inbox(bob), 1));
        await(stores.messages().advance(bob, Logs.group("bobs"), 1));

        assertThat(await(stores.users().delete(ann))).isTrue();

        assertThat(await(stores.messages().readAfter(Logs.inbox(ann), 0, 10))).isEmpty();
        assertThat(await(stores.messages().head(Logs.inbox(ann)))).isZero();
        for (String log : List.of(Logs.inbox(ann), Logs.group("bobs"), Logs.group("anns"), Logs.ALL)) {
            assertThat(await(stores.messages().position(ann, log))).as(log).isZero();
        }
        assertThat(await(stores.groups().groupsOf(ann))).isEmpty();
        assertThat(await(stores.groups().members("anns"))).contains(Set.of(bob));
        assertThat(await(stores.groups().members("bobs"))).contains(Set.of(bob));
        assertThat(await(stores.groups().list()))
                .containsExactly(new GroupSummary("anns", 1), new GroupSummary("bobs", 1));
        // What ann sent stays in the conversations it belongs to.
        assertThat(await(stores.messages().readAfter(Logs.inbox(bob), 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("to bob");
        assertThat(await(stores.messages().readAfter(Logs.group("bobs"), 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("ann in bobs");
        assertThat(await(stores.messages().position(bob, Logs.inbox(bob)))).isEqualTo(1);
        assertThat(await(stores.messages().position(bob, Logs.group("bobs")))).isEqualTo(1);
        assertThat(await(stores.groups().groupsOf(bob))).containsExactly("anns", "bobs");
        // Nothing of the old inbox is left, not even what recognised a resend.
        Appended resent = await(
                stores.messages().append(new NewMessage(Logs.inbox(ann), bob, "bob", ann, null, "again", "c-1", 1L)));
        assertThat(resent.duplicate()).isFalse();
        assertThat(resent.message().seq()).isEqualTo(1);
    }

    @Test
    void msgIdsKeepIncreasingAfterTheNewestMessageWentWithADeletedInbox() throws Exception {
        await(stores.users().create(new UserRecord(28, "pia", "h", 5L)));
        append(Logs.ALL, 1, "older", null);
        StoredMessage newest = append(Logs.inbox(28), 1, "newest", null);

        await(stores.users().delete(28));
        stores = reopenStores();

        assertThat(append(Logs.ALL, 1, "after", null).msgId()).isGreaterThan(newest.msgId());
    }

    // ---- append, head, reads

    @Test
    void appendNumbersEachLogOneTwoThree() {
        List<Long> inboxSeqs = new ArrayList<>();
        List<Long> allSeqs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inboxSeqs.add(append(Logs.inbox(2), 1, "to two " + i, null).seq());
            allSeqs.add(append(Logs.ALL, 1, "to all " + i, null).seq());
        }

        assertThat(inboxSeqs).containsExactly(1L, 2L, 3L);
        assertThat(allSeqs).containsExactly(1L, 2L, 3L);
    }

    @Test
    void msgIdsIncreaseAcrossLogs() {
        List<Long> ids = new ArrayList<>();
        ids.add(append(Logs.inbox(2), 1, "a", null).msgId());
        ids.add(append(Logs.group("g"), 1, "b", null).msgId());
        ids.add(append(Logs.ALL, 1, "c", null).msgId());
        ids.add(append(Logs.inbox(2), 1, "d", null).msgId());

        assertThat(ids).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    }

    @Test
    void appendedMessageIsReadBackWithEveryField() {
        NewMessage privateMessage = new NewMessage(Logs.inbox(2), 1, "alice", 2, null, "hi bob", "c-1", 111L);
        NewMessage groupMessage =
                new NewMessage(Logs.group("book club"), 1, "alice", 0, "book club", "hi all", null, 222L);

        Appended appended = await(stores.messages().append(privateMessage));
        StoredMessage inGroup = await(stores.messages().append(groupMessage)).message();

        assertThat(appended.duplicate()).isFalse();
        StoredMessage stored = appended.message();
        assertThat(stored)
                .isEqualTo(new StoredMessage(
                        stored.msgId(), Logs.inbox(2), 1, 1, "alice", 2, null, "hi bob", "c-1", 111L));
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 0, 10))).containsExactly(stored);
        assertThat(await(stores.messages().readAfter(Logs.group("book club"), 0, 10)))
                .containsExactly(new StoredMessage(
                        inGroup.msgId(), Logs.group("book club"), 1, 1, "alice", 0, "book club", "hi all", null, 222L));
    }

    @Test
    void contentWithUnicodeQuotesAndEmojiRoundTripsExactly() {
        String content = "héllo wörld — \"double\" 'single' `back` \\ backslash; DROP TABLE x; -- %_ "
                + "中文 日本語 العربية 😀👍🏽👨‍👩‍👧 \u0000 nul \t tab \r\n newline \uFEFF bom";
        String clientMsgId = "id-\"'😀";

        StoredMessage stored = append(Logs.ALL, 1, content, clientMsgId);
        StoredMessage read = await(stores.messages().readAfter(Logs.ALL, 0, 1)).get(0);

        assertThat(stored.content()).isEqualTo(content);
        assertThat(read.content()).isEqualTo(content);
        assertThat(read.clientMsgId()).isEqualTo(clientMsgId);
        assertThat(append(Logs.ALL, 1, "again", clientMsgId).msgId()).isEqualTo(stored.msgId());
    }

    @Test
    void headIsZeroForAnEmptyLogAndTheHighestSeqOtherwise() {
        assertThat(await(stores.messages().head(Logs.inbox(9)))).isZero();

        appendMany(Logs.inbox(9), 4);
        append(Logs.inbox(8), 1, "other log", null);

        assertThat(await(stores.messages().head(Logs.inbox(9)))).isEqualTo(4);
    }

    @Test
    void readAfterReturnsAscendingPagesAfterTheGivenSeq() {
        appendMany(Logs.ALL, 7);

        assertThat(seqs(stores.messages().readAfter(Logs.ALL, 0, 3))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(stores.messages().readAfter(Logs.ALL, 3, 3))).containsExactly(4L, 5L, 6L);
        assertThat(seqs(stores.messages().readAfter(Logs.ALL, 6, 3))).containsExactly(7L);
        assertThat(seqs(stores.messages().readAfter(Logs.ALL, 7, 3))).isEmpty();
    }

    @Test
    void readAfterReadsOnlyTheGivenLog() {
        appendMany(Logs.inbox(1), 2);
        appendMany(Logs.inbox(2), 3);

        List<StoredMessage> read = await(stores.messages().readAfter(Logs.inbox(1), 0, 100));

        assertThat(read).extracting(StoredMessage::log).containsOnly(Logs.inbox(1));
        assertThat(read).extracting(StoredMessage::seq).containsExactly(1L, 2L);
    }

    @Test
    void readBeforeZeroReturnsTheNewestAscending() {
        appendMany(Logs.ALL, 5);

        assertThat(seqs(stores.messages().readBefore(Logs.ALL, 0, 2))).containsExactly(4L, 5L);
        assertThat(seqs(stores.messages().readBefore(Logs.ALL, 0, 50))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void readBeforePagesBackwardsAscendingWithinAPage() {
        appendMany(Logs.ALL, 7);

        assertThat(seqs(stores.messages().readBefore(Logs.ALL, 6, 3))).containsExactly(3L, 4L, 5L);
        assertThat(seqs(stores.messages().readBefore(Logs.ALL, 3, 3))).containsExactly(1L, 2L);
        assertThat(seqs(stores.messages().readBefore(Logs.ALL, 1, 3))).isEmpty();
    }

    @Test
    void readsOfAnUnknownLogAreEmpty() {
        assertThat(await(stores.messages().readAfter(Logs.group("nobody"), 0, 10)))
                .isEmpty();
        assertThat(await(stores.messages().readBefore(Logs.group("nobody"), 0, 10)))
                .isEmpty();
    }

    // ---- dedup

    @Test
    void duplicateClientMsgIdFromTheSameSenderReturnsTheOriginalAndStoresNothing() {
        StoredMessage original = append(Logs.inbox(2), 1, "first", "c-42");

        Appended again = await(
                stores.messages().append(new NewMessage(Logs.inbox(2), 1, "alice", 2, null, "resent", "c-42", 999L)));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(original);
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(1);
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 0, 10))).containsExactly(original);
    }

    @Test
    void sameClientMsgIdFromDifferentSendersIsNotDeduplicated() {
        StoredMessage fromOne = append(Logs.ALL, 1, "from one", "same-id");
        Appended fromTwo =
                await(stores.messages().append(new NewMessage(Logs.ALL, 2, "bob", 0, null, "from two", "same-id", 1L)));

        assertThat(fromTwo.duplicate()).isFalse();
        assertThat(fromTwo.message().msgId()).isNotEqualTo(fromOne.msgId());
        assertThat(await(stores.messages().head(Logs.ALL))).isEqualTo(2);
    }

    @Test
    void nullClientMsgIdIsNeverDeduplicated() {
        append(Logs.ALL, 1, "same", null);
        Appended second =
                await(stores.messages().append(new NewMessage(Logs.ALL, 1, "alice", 0, null, "same", null, 1L)));

        assertThat(second.duplicate()).isFalse();
        assertThat(await(stores.messages().head(Logs.ALL))).isEqualTo(2);
    }

    @Test
    void duplicatesSentTogetherWithoutWaitingAreStoredOnce() {
        List<CompletableFuture<Appended>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(stores.messages()
                    .append(new NewMessage(Logs.inbox(2), 1, "alice", 2, null, "resend " + i, "burst-1", i)));
        }

        List<Appended> results = burst.stream().map(StoreContract::await).toList();

        assertThat(results.get(0).duplicate()).isFalse();
        assertThat(results.subList(1, results.size())).allSatisfy(a -> {
            assertThat(a.duplicate()).isTrue();
            assertThat(a.message()).isEqualTo(results.get(0).message());
        });
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(1);
    }

    @Test
    void dedupIsPerLogSoTheSameClientMsgIdToAnotherLogIsANewMessage() {
        StoredMessage original = append(Logs.inbox(2), 1, "first", "c-7");

        Appended again =
                await(stores.messages().append(new NewMessage(Logs.inbox(3), 1, "alice", 3, null, "first", "c-7", 1L)));
        Appended resent =
                await(stores.messages().append(new NewMessage(Logs.inbox(2), 1, "alice", 2, null, "first", "c-7", 1L)));

        assertThat(again.duplicate()).isFalse();
        assertThat(again.message().log()).isEqualTo(Logs.inbox(3));
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.message()).isEqualTo(original);
    }

    // ---- inbox quota (append with an InboxQuota)

    @Test
    void anInboxAppendBeyondTheUnreadMessageQuotaIsRefusedAndStoresNothing() {
        InboxQuota three = new InboxQuota(3, 1 << 20);
        for (int i = 1; i <= 3; i++) {
            assertThat(await(stores.messages().append(toInbox(2, "m" + i, "c-" + i), three))
                            .overQuota())
                    .isFalse();
        }

        Appended refused = await(stores.messages().append(toInbox(2, "m4", "c-4"), three));

        assertThat(refused).isEqualTo(Appended.OVER_QUOTA);
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(3);
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("m1", "m2", "m3");
    }

    @Test
    void aRefusedMessageIsNewWhenSentAgainOnceTheInboxHasRoom() {
        InboxQuota one = new InboxQuota(1, 1 << 20);
        await(stores.messages().append(toInbox(2, "first", "c-1"), one));
        assertThat(await(stores.messages().append(toInbox(2, "second", "c-2"), one)))
                .isEqualTo(Appended.OVER_QUOTA);
        await(stores.messages().advance(2, Logs.inbox(2), 1));

        Appended again = await(stores.messages().append(toInbox(2, "second", "c-2"), one));

        assertThat(again.duplicate()).isFalse();
        assertThat(again.message().seq()).isEqualTo(2);
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 1, 10))).containsExactly(again.message());
    }

    @Test
    void readingTheInboxMakesRoomForMoreMessages() {
        InboxQuota three = new InboxQuota(3, 1 << 20);
        for (int i = 1; i <= 3; i++) {
            await(stores.messages().append(toInbox(2, "m" + i, null), three));
        }
        await(stores.messages().advance(2, Logs.inbox(2), 2));

        assertThat(await(stores.messages().append(toInbox(2, "m4", null), three))
                        .overQuota())
                .isFalse();
        assertThat(await(stores.messages().append(toInbox(2, "m5", null), three))
                        .overQuota())
                .isFalse();
        assertThat(await(stores.messages().append(toInbox(2, "m6", null), three))
                        .overQuota())
                .isTrue();
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(5);
    }

    @Test
    void theUnreadBytesQuotaCountsUtf8BytesAndReadingFreesThem() {
        InboxQuota tenBytes = new InboxQuota(100, 10);
        assertThat(await(stores.messages().append(toInbox(2, "12345", null), tenBytes))
                        .overQuota())
                .isFalse();
        assertThat(await(stores.messages().append(toInbox(2, "abcd", null), tenBytes))
                        .overQuota())
                .isFalse();

        assertThat(await(stores.messages().append(toInbox(2, "é", null), tenBytes))
                        .overQuota())
                .as("two bytes in UTF-8: 11 > 10")
                .isTrue();
        assertThat(await(stores.messages().append(toInbox(2, "x", null), tenBytes))
                        .overQuota())
                .as("exactly 10")
                .isFalse();

        await(stores.messages().advance(2, Logs.inbox(2), 1));
        assertThat(await(stores.messages().append(toInbox(2, "h\u00e9ll", null), tenBytes))
                        .overQuota())
                .as("5 bytes read, 5 more fit")
                .isFalse();
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(4);
    }

    @Test
    void aResendOfAStoredMessageIsStillADuplicateWhenTheInboxIsFull() {
        InboxQuota one = new InboxQuota(1, 1 << 20);
        StoredMessage original =
                await(stores.messages().append(toInbox(2, "first", "c-1"), one)).message();

        Appended resent = await(stores.messages().append(toInbox(2, "first", "c-1"), one));

        assertThat(resent).isEqualTo(Appended.storedBefore(original));
    }

    @Test
    void theInboxQuotaAppliesToInboxesOnly() {
        InboxQuota one = new InboxQuota(1, 1);
        await(stores.groups().create("chess", 1, 10L));
        for (int i = 0; i < 3; i++) {
            assertThat(await(stores.messages()
                                    .append(
                                            new NewMessage(Logs.ALL, 1, "alice", 0, null, "to all " + i, null, 1L),
                                            one))
                            .overQuota())
                    .isFalse();
            assertThat(await(stores.messages()
                                    .append(
                                            new NewMessage(
                                                    Logs.group("chess"),
                                                    1,
                                                    "alice",
                                                    0,
                                                    "chess",
                                                    "to chess " + i,
                                                    null,
                                                    1L),
                                            one))
                            .overQuota())
                    .isFalse();
        }
    }

    @Test
    void concurrentAppendsToOneInboxNeverTakeItPastItsQuota() {
        InboxQuota ten = new InboxQuota(10, 1 << 20);
        List<CompletableFuture<Appended>> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(stores.messages()
                    .append(new NewMessage(Logs.inbox(2), 100 + i, "sender" + i, 2, null, "m" + i, "c-" + i, i), ten));
        }

        long stored = burst.stream()
                .map(StoreContract::await)
                .filter(a -> !a.overQuota())
                .count();

        assertThat(stored).isEqualTo(10);
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(10);
    }

    private static NewMessage toInbox(int userId, String content, String clientMsgId) {
        return new NewMessage(Logs.inbox(userId), 1, "alice", userId, null, content, clientMsgId, 1L);
    }

    // ---- read positions

    @Test
    void positionIsZeroBeforeAnyAdvance() {
        assertThat(await(stores.messages().position(1, Logs.ALL))).isZero();
    }

    @Test
    void advanceRaisesThePositionButNeverLowersIt() {
        appendMany(Logs.ALL, 8);
        await(stores.messages().advance(1, Logs.ALL, 5));
        assertThat(await(stores.messages().position(1, Logs.ALL))).isEqualTo(5);

        await(stores.messages().advance(1, Logs.ALL, 3));
        assertThat(await(stores.messages().position(1, Logs.ALL))).isEqualTo(5);

        await(stores.messages().advance(1, Logs.ALL, 8));
        assertThat(await(stores.messages().position(1, Logs.ALL))).isEqualTo(8);
    }

    @Test
    void advanceBeyondTheHeadStopsAtTheHeadSoLaterMessagesAreStillUnread() {
        appendMany(Logs.inbox(1), 3);

        await(stores.messages().advance(1, Logs.inbox(1), Long.MAX_VALUE));
        assertThat(await(stores.messages().position(1, Logs.inbox(1)))).isEqualTo(3);

        append(Logs.inbox(1), 2, "after the bogus receipt", null);
        long position = await(stores.messages().position(1, Logs.inbox(1)));
        assertThat(await(stores.messages().readAfter(Logs.inbox(1), position, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("after the bogus receipt");
    }

    @Test
    void advanceInAnEmptyLogLeavesThePositionAtZero() {
        await(stores.messages().advance(1, Logs.group("nobody-wrote-here"), 1_000_000));

        assertThat(await(stores.messages().position(1, Logs.group("nobody-wrote-here"))))
                .isZero();
    }

    @Test
    void advanceQueuedRightAfterAppendsCountsThemInTheHead() {
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            appends.add(
                    stores.messages().append(new NewMessage(Logs.inbox(1), 2, "user2", 1, null, "m" + i, null, 0L)));
        }
        CompletableFuture<Void> advanced = stores.messages().advance(1, Logs.inbox(1), 5);
        appends.forEach(StoreContract::await);
        await(advanced);

        assertThat(await(stores.messages().position(1, Logs.inbox(1)))).isEqualTo(5);
    }

    @Test
    void unreadGivesThePositionAndTheFirstMessagesAfterIt() {
        appendMany(Logs.inbox(1), 5);
        await(stores.messages().advance(1, Logs.inbox(1), 2));

        Unread unread = await(stores.messages().unread(1, Logs.inbox(1), 2));

        assertThat(unread.position()).isEqualTo(2);
        assertThat(unread.first()).extracting(StoredMessage::seq).containsExactly(3L, 4L);
    }

    @Test
    void unreadOfALogNeverReadStartsAtZeroAndALimitOfZeroReadsNothing() {
        appendMany(Logs.inbox(1), 3);

        assertThat(await(stores.messages().unread(1, Logs.inbox(1), 10)).first())
                .hasSize(3);
        Unread none = await(stores.messages().unread(1, Logs.inbox(1), 0));
        assertThat(none.position()).isZero();
        assertThat(none.first()).isEmpty();
    }

    @Test
    void unreadSeesAReceiptMadeJustBeforeIt() {
        appendMany(Logs.inbox(1), 3);
        CompletableFuture<Void> receipt = stores.messages().advance(1, Logs.inbox(1), 3);

        Unread unread = await(stores.messages().unread(1, Logs.inbox(1), 10));

        await(receipt);
        assertThat(unread.position()).isEqualTo(3);
        assertThat(unread.first()).isEmpty();
    }

    @Test
    void positionsAreKeptPerUserAndPerLog() {
        appendMany(Logs.ALL, 9);
        appendMany(Logs.inbox(1), 2);
        await(stores.messages().advance(1, Logs.ALL, 4));
        await(stores.messages().advance(1, Logs.inbox(1), 2));
        await(stores.messages().advance(2, Logs.ALL, 9));

        assertThat(await(stores.messages().position(1, Logs.ALL))).isEqualTo(4);
        assertThat(await(stores.messages().position(1, Logs.inbox(1)))).isEqualTo(2);
        assertThat(await(stores.messages().position(2, Logs.ALL))).isEqualTo(9);
        assertThat(await(stores.messages().position(2, Logs.inbox(1)))).isZero();
    }

    // ---- groups

    @Test
    void createdGroupHasItsOwnerAsOnlyMemberAtPositionZero() {
        assertThat(await(stores.groups().create("chess", 1, 10L))).isTrue();

        assertThat(await(stores.groups().members("chess"))).contains(Set.of(1));
        assertThat(await(stores.groups().groupsOf(1))).containsExactly("chess");
        assertThat(await(stores.messages().position(1, Logs.group("chess")))).isZero();
    }

    @Test
    void creatingATakenGroupNameReturnsFalseAndChangesNothing() {
        await(stores.groups().create("chess", 1, 10L));

        assertThat(await(stores.groups().create("chess", 2, 20L))).isFalse();

        assertThat(await(stores.groups().members("chess"))).contains(Set.of(1));
        assertThat(await(stores.groups().groupsOf(2))).isEmpty();
    }

    @Test
    void creatingBeyondTheGroupsPerUserCapIsRefusedAndChangesNothing() {
        GroupCaps two = new GroupCaps(2, 100);
        assertThat(await(stores.groups().create("a", 1, 10L, two))).isEqualTo(Creation.CREATED);
        assertThat(await(stores.groups().create("b", 1, 10L, two))).isEqualTo(Creation.CREATED);

        assertThat(await(stores.groups().create("c", 1, 10L, two))).isEqualTo(Creation.TOO_MANY_GROUPS);
        assertThat(await(stores.groups().create("a", 2, 10L, two))).isEqualTo(Creation.NAME_TAKEN);

        assertThat(await(stores.groups().members("c"))).isEmpty();
        assertThat(await(stores.groups().groupsOf(1))).containsExactly("a", "b");
        assertThat(await(stores.groups().list())).extracting(GroupSummary::name).containsExactly("a", "b");
        await(stores.groups().leave("b", 1));
        assertThat(await(stores.groups().create("c", 1, 10L, two))).isEqualTo(Creation.CREATED);
    }

    @Test
    void joinAddsTheMemberWithItsPositionAtTheLogHead() {
        await(stores.groups().create("chess", 1, 10L));
        appendMany(Logs.group("chess"), 3);

        assertThat(await(stores.groups().join("chess", 2))).isEqualTo(Membership.JOINED);

        assertThat(await(stores.groups().members("chess"))).contains(Set.of(1, 2));
        assertThat(await(stores.messages().position(2, Logs.group("chess")))).isEqualTo(3);
    }

    @Test
    void joinQueuedRightAfterAppendsCountsThemInTheHead() {
        await(stores.groups().create("chess", 1, 10L));
        List<CompletableFuture<Appended>> appends = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            appends.add(stores.messages()
                    .append(new NewMessage(Logs.group("chess"), 1, "alice", 0, "chess", "m" + i, null, i)));
        }

        assertThat(await(stores.groups().join("chess", 2))).isEqualTo(Membership.JOINED);
        appends.forEach(StoreContract::await);

        assertThat(await(stores.messages().position(2, Logs.group("chess")))).isEqualTo(5);
    }

    @Test
    void joiningTwiceIsAlreadyMemberAndKeepsThePosition() {
        await(stores.groups().create("chess", 1, 10L));
        await(stores.groups().join("chess", 2));
        appendMany(Logs.group("chess"), 2);

        assertThat(await(stores.groups().join("chess", 2))).isEqualTo(Membership.ALREADY_MEMBER);

        assertThat(await(stores.messages().position(2, Logs.group("chess")))).isZero();
    }

    @Test
    void rejoiningAfterLeavingStartsAtTheNewHead() {
        await(stores.groups().create("chess", 1, 10L));
        await(stores.groups().join("chess", 2));
        await(stores.groups().leave("chess", 2));
        appendMany(Logs.group("chess"), 4);

        assertThat(await(stores.groups().join("chess", 2))).isEqualTo(Membership.JOINED);

        assertThat(await(stores.messages().position(2, Logs.group("chess")))).isEqualTo(4);
    }

    @Test
    void joiningAnUnknownGroupIsNoSuchGroup() {
        assertThat(await(stores.groups().join("nowhere", 1))).isEqualTo(Membership.NO_SUCH_GROUP);
        assertThat(await(stores.groups().groupsOf(1))).isEmpty();
    }

    @Test
    void joiningAFullGroupIsGroupFullAndChangesNothing() {
        GroupCaps twoMembers = new GroupCaps(100, 2);
        await(stores.groups().create("chess", 1, 10L));
        assertThat(await(stores.groups().join("chess", 2, twoMembers))).isEqualTo(Membership.JOINED);

        assertThat(await(stores.groups().join("chess", 3, twoMembers))).isEqualTo(Membership.GROUP_FULL);
        assertThat(await(stores.groups().join("chess", 2, twoMembers))).isEqualTo(Membership.ALREADY_MEMBER);

        assertThat(await(stores.groups().members("chess"))).contains(Set.of(1, 2));
        assertThat(await(stores.groups().groupsOf(3))).isEmpty();
    }

    @Test
    void joiningBeyondTheGroupsPerUserCapIsTooManyGroupsUntilTheUserLeavesOne() {
        GroupCaps twoGroups = new GroupCaps(2, 100);
        for (String g : List.of("a", "b", "c")) {
            await(stores.groups().create(g, 1, 10L));
        }
        await(stores.groups().join("a", 2, twoGroups));
        await(stores.groups().join("b", 2, twoGroups));

        assertThat(await(stores.groups().join("c", 2, twoGroups))).isEqualTo(Membership.TOO_MANY_GROUPS);
        assertThat(await(stores.groups().members("c"))).contains(Set.of(1));
        assertThat(await(stores.groups().groupsOf(2))).containsExactly("a", "b");

        await(stores.groups().leave("a", 2));
        assertThat(await(stores.groups().join("c", 2, twoGroups))).isEqualTo(Membership.JOINED);
    }

    @Test
    void concurrentJoinsNeverTakeAGroupOrAUserPastTheirCaps() {
        GroupCaps caps = new GroupCaps(3, 5);
        await(stores.groups().create("crowded", 1, 10L));
        List<CompletableFuture<Membership>> crowd = new ArrayList<>();
        for (int user = 10; user < 30; user++) {
            crowd.add(stores.groups().join("crowded", user, caps));
        }
        for (int g = 0; g < 8; g++) {
            await(stores.groups().create("g" + g, 1, 10L));
        }
        List<CompletableFuture<Membership>> busy = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            busy.add(stores.groups().join("g" + g, 99, caps));
        }

        assertThat(crowd.stream().map(StoreContract::await).filter(m -> m == Membership.JOINED))
                .hasSize(4);
        assertThat(await(stores.groups().members("crowded")).orElseThrow()).hasSize(5);
        assertThat(busy.stream().map(StoreContract::await).filter(m -> m == Membership.JOINED))
                .hasSize(3);
        assertThat(await(stores.groups().groupsOf(99))).hasSize(3);
    }

    @Test
    void leaveRemovesTheMember() {
        await(stores.groups().create("chess", 1, 10L));
        await(stores.groups().join("chess", 2));

        assertThat(await(stores.groups().leave("chess", 2))).isEqualTo(Membership.LEFT);

        assertThat(await(stores.groups().members("chess"))).contains(Set.of(1));
        assertThat(await(stores.groups().groupsOf(2))).isEmpty();
    }

    @Test
    void leavingAGroupOneIsNotInIsNotMember() {
        await(stores.groups().create("chess", 1, 10L));

        assertThat(await(stores.groups().leave("chess", 2))).isEqualTo(Membership.NOT_MEMBER);
        assertThat(await(stores.groups().members("chess"))).contains(Set.of(1));
    }

    @Test
    void leavingAnUnknownGroupIsNoSuchGroup() {
        assertThat(await(stores.groups().leave("nowhere", 1))).isEqualTo(Membership.NO_SUCH_GROUP);
    }

    @Test
    void listGivesEveryGroupByNameWithItsMemberCount() {
        assertThat(await(stores.groups().list())).isEmpty();
        await(stores.groups().create("zebra", 1, 1L));
        await(stores.groups().create("alpha", 2, 1L));
        await(stores.groups().join("alpha", 3));
        await(stores.groups().join("alpha", 4));
        await(stores.groups().create("middle", 5, 1L));
        await(stores.groups().leave("middle", 5));

        assertThat(await(stores.groups().list()))
                .containsExactly(
                        new GroupSummary("alpha", 3), new GroupSummary("middle", 0), new GroupSummary("zebra", 1));
    }

    @Test
    void membersOfAnUnknownGroupIsEmpty() {
        assertThat(await(stores.groups().members("nowhere"))).isEqualTo(Optional.empty());
    }

    @Test
    void groupsOfListsTheUsersGroupsByName() {
        await(stores.groups().create("zebra", 1, 1L));
        await(stores.groups().create("alpha", 2, 1L));
        await(stores.groups().create("other", 2, 1L));
        await(stores.groups().join("alpha", 1));

        assertThat(await(stores.groups().groupsOf(1))).containsExactly("alpha", "zebra");
        assertThat(await(stores.groups().groupsOf(2))).containsExactly("alpha", "other");
        assertThat(await(stores.groups().groupsOf(3))).isEmpty();
    }

    // ---- presence

    @Test
    void firstSessionBringsAUserOnlineAndOnlyTheLastTakesItOffline() {
        PresenceStore presence = stores.presence();

        assertThat(await(presence.connect(1, "node-a"))).isTrue();
        assertThat(await(presence.connect(1, "node-a"))).isFalse();
        assertThat(await(presence.online())).containsExactly(1);

        assertThat(await(presence.disconnect(1, "node-a"))).isFalse();
        assertThat(await(presence.online())).containsExactly(1);
        assertThat(await(presence.disconnect(1, "node-a"))).isTrue();
        assertThat(await(presence.online())).isEmpty();
    }

    @Test
    void sessionsOnDifferentNodesAreCountedTogether() {
        PresenceStore presence = stores.presence();
        assertThat(await(presence.connect(1, "node-a"))).isTrue();
        assertThat(await(presence.connect(1, "node-b"))).isFalse();

        assertThat(await(presence.disconnect(1, "node-a"))).isFalse();
        assertThat(await(presence.disconnect(1, "node-b"))).isTrue();
        assertThat(await(presence.online())).isEmpty();
    }

    @Test
    void disconnectWithoutASessionOnThatNodeChangesNothing() {
        PresenceStore presence = stores.presence();
        assertThat(await(presence.disconnect(1, "node-a"))).isFalse();
        await(presence.connect(1, "node-a"));

        assertThat(await(presence.disconnect(1, "node-b"))).isFalse();

        assertThat(await(presence.online())).containsExactly(1);
    }

    @Test
    void clearNodeTakesOfflineOnlyUsersWithNoSessionElsewhere() {
        PresenceStore presence = stores.presence();
        await(presence.connect(1, "node-a"));
        await(presence.connect(1, "node-a"));
        await(presence.connect(2, "node-a"));
        await(presence.connect(2, "node-b"));
        await(presence.connect(3, "node-b"));

        assertThat(await(presence.clearNode("node-a"))).containsExactly(1);

        assertThat(await(presence.online())).containsExactlyInAnyOrder(2, 3);
        assertThat(await(presence.disconnect(2, "node-b"))).isTrue();
        assertThat(await(presence.clearNode("node-a"))).isEmpty();
    }

    @Test
    void onlineIsEveryUserWithASessionOnAnyNode() {
        PresenceStore presence = stores.presence();
        await(presence.connect(1, "node-a"));
        await(presence.connect(2, "node-b"));
        await(presence.connect(2, "node-a"));

        assertThat(await(presence.online())).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aNodeThatBeatsIsAliveAndOneWhoseBeatRanOutIsDead() {
        PresenceStore presence = stores.presence();
        assertThat(await(presence.heartbeat("node-a", Duration.ofMinutes(1)))).isFalse();
        assertThat(await(presence.heartbeat("node-a", Duration.ofMinutes(1)))).isTrue();
        assertThat(await(presence.heartbeat("node-b", Duration.ofMillis(50)))).isFalse();

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> await(presence.deadNodes()), dead -> dead.equals(List.of("node-b")));
    }

    @Test
    void clearingADeadNodeUnregistersItSoItsNextBeatSaysSo() {
        PresenceStore presence = stores.presence();
        await(presence.heartbeat("node-a", Duration.ofMinutes(1)));
        await(presence.connect(1, "node-a"));

        assertThat(await(presence.clearNode("node-a"))).containsExactly(1);

        assertThat(await(presence.deadNodes())).isEmpty();
        assertThat(await(presence.heartbeat("node-a", Duration.ofMinutes(1)))).isFalse();
    }

    @Test
    void resyncMakesANodesRecordExactlyItsSessionsAndLeavesOtherNodesAlone() {
        PresenceStore presence = stores.presence();
        await(presence.connect(1, "node-a"));
        await(presence.connect(2, "node-a"));
        await(presence.connect(2, "node-b"));
        await(presence.connect(3, "node-b"));

        await(presence.resync("node-a", Map.of(2, 2, 4, 1)));

        assertThat(await(presence.online())).containsExactlyInAnyOrder(2, 3, 4);
        assertThat(await(presence.disconnect(2, "node-a"))).isFalse();
        assertThat(await(presence.disconnect(2, "node-a"))).isFalse();
        assertThat(await(presence.disconnect(2, "node-b"))).isTrue();
        assertThat(await(presence.disconnect(4, "node-a"))).isTrue();
        assertThat(await(presence.online())).containsExactly(3);
    }

    // ---- concurrency and order

    @Test
    void concurrentAppendsToOneLogGetDistinctConsecutiveSeqsInEachCallersOrder() throws Exception {
        int threads = 4;
        int perThread = 250;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<CompletableFuture<Appended>>>> callers = new ArrayList<>();
            List<String> outOfOrder = Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int sender = t + 1;
                callers.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Appended>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        CompletableFuture<Appended> previous = i == 0 ? null : mine.get(i - 1);
                        CompletableFuture<Appended> next = stores.messages()
                                .append(new NewMessage(
                                        Logs.group("busy"), sender, "u" + sender, 0, "busy", "m" + i, null, i));
                        int index = i;
                        var unused = next.whenComplete((a, e) -> { // only records the order; next is in mine
                            if (previous != null && !previous.isDone()) {
                                outOfOrder.add("sender " + sender + " append " + index);
                            }
                        });
                        mine.add(next);
                    }
                    return mine;
                }));
            }
            start.countDown();

            List<Long> allSeqs = new ArrayList<>();
            for (Future<List<CompletableFuture<Appended>>> caller : callers) {
                List<Long> mine = caller.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                        .map(f -> await(f).message().seq())
                        .toList();
                assertThat(mine).isSortedAccordingTo(Long::compare);
                allSeqs.addAll(mine);
            }

            assertThat(outOfOrder).isEmpty();
            assertThat(allSeqs)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, (long) threads * perThread)
                            .boxed()
                            .toList());
            assertThat(await(stores.messages().head(Logs.group("busy")))).isEqualTo((long) threads * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void appendsToSeveralLogsCompleteInTheOrderTheyWereMade() {
        assumeTrue(appendsCompleteInCallOrderAcrossLogs(), "a Redis Cluster orders appends per log only");
        List<CompletableFuture<Appended>> made = new ArrayList<>();
        List<Integer> outOfOrder = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Appended> previous = CompletableFuture.completedFuture(null);
        for (int i = 0; i < 300; i++) {
            String log = i % 3 == 0 ? Logs.ALL : Logs.inbox(i % 3);
            int index = i;
            CompletableFuture<Appended> before = previous;
            CompletableFuture<Appended> future = stores.messages()
                    .append(new NewMessage(log, 1, "alice", 0, null, "m" + i, i % 5 == 0 ? "c" + i : null, i));
            // A callback registered after completion runs here instead and proves nothing, but one registered
            // in time runs as the future completes and catches any earlier append not yet done.
            var unused = future.whenComplete((a, e) -> { // only records the order; future is in made
                if (!before.isDone()) {
                    outOfOrder.add(index);
                }
            });
            made.add(future);
            previous = future;
        }

        List<Long> msgIds = made.stream().map(f -> await(f).message().msgId()).toList();

        assertThat(outOfOrder).isEmpty();
        assertThat(msgIds).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    }

    // ---- durability

    @Test
    void everythingSurvivesCloseAndReopen() throws Exception {
        UserRecord alice = new UserRecord(1, "alice", "hash", 5L);
        await(stores.users().create(alice));
        append(Logs.inbox(2), 1, "before restart", "c-1");
        append(Logs.inbox(2), 1, "second", null);
        await(stores.messages().advance(2, Logs.inbox(2), 1));
        await(stores.groups().create("chess", 1, 10L));
        await(stores.groups().join("chess", 2));

        stores = reopenStores();

        assertThat(await(stores.users().find(1))).contains(alice);
        assertThat(await(stores.messages().readAfter(Logs.inbox(2), 0, 10)))
                .extracting(StoredMessage::content)
                .containsExactly("before restart", "second");
        assertThat(await(stores.messages().head(Logs.inbox(2)))).isEqualTo(2);
        assertThat(await(stores.messages().position(2, Logs.inbox(2)))).isEqualTo(1);
        assertThat(await(stores.groups().members("chess"))).contains(Set.of(1, 2));
        assertThat(await(stores.groups().list())).containsExactly(new GroupSummary("chess", 2));
    }

    @Test
    void appendsAfterReopenContinueSeqsMsgIdsAndDedup() throws Exception {
        StoredMessage before = append(Logs.ALL, 1, "one", "c-1");
        append(Logs.ALL, 1, "two", null);

        stores = reopenStores();
        StoredMessage after = append(Logs.ALL, 1, "three", null);
        Appended resent =
                await(stores.messages().append(new NewMessage(Logs.ALL, 1, "alice", 0, null, "one", "c-1", 1L)));

        assertThat(after.seq()).isEqualTo(3);
        assertThat(after.msgId()).isGreaterThan(before.msgId());
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.message()).isEqualTo(before);
    }

    // ---- helpers

    /** Waits for {@code future}; a store that never completes fails the test instead of hanging it. */
    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("store future failed or did not complete", e);
        }
    }

    protected StoredMessage append(String log, int fromUserId, String content, String clientMsgId) {
        return await(stores.messages()
                        .append(new NewMessage(
                                log, fromUserId, "user" + fromUserId, 0, null, content, clientMsgId, 0L)))
                .message();
    }

    private void appendMany(String log, int count) {
        for (int i = 0; i < count; i++) {
            append(log, 1, log + " #" + (i + 1), null);
        }
    }

    private static List<Long> seqs(CompletableFuture<List<StoredMessage>> read) {
        return await(read).stream().map(StoredMessage::seq).collect(Collectors.toList());
    }
}
