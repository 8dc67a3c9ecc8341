package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.bench.Inbox.Verdict;
import org.junit.jupiter.api.Test;

class BenchInboxTest {
    private final Inbox inbox = new Inbox();

    @Test
    void messagesInOrderAreNew() {
        assertThat(inbox.accept(1, 1, "inbox", 10)).isEqualTo(Verdict.NEW);
        assertThat(inbox.accept(1, 2, "inbox", 11)).isEqualTo(Verdict.NEW);
        assertThat(inbox.accept(2, 1, "inbox", 12)).isEqualTo(Verdict.NEW);
        assertThat(inbox.seenFrom(1).cardinality()).isEqualTo(2);
    }

    @Test
    void aMessageSeenBeforeIsADuplicateEvenUnderAnotherSeq() {
        inbox.accept(1, 1, "inbox", 10);

        assertThat(inbox.accept(1, 1, "inbox", 11)).isEqualTo(Verdict.DUPLICATE);
    }

    @Test
    void aMessageStoredAfterALaterOneOfTheSameSenderIsOutOfSendOrder() {
        inbox.accept(1, 2, "inbox", 10);

        assertThat(inbox.accept(1, 1, "inbox", 11)).isEqualTo(Verdict.OUT_OF_SEND_ORDER);
        assertThat(inbox.seenFrom(1).get(1)).isTrue();
    }

    @Test
    void aSeqBelowOneAlreadySeenInTheLogIsOutOfLogOrder() {
        inbox.accept(1, 1, "group:a", 10);

        assertThat(inbox.accept(2, 1, "group:a", 9)).isEqualTo(Verdict.OUT_OF_LOG_ORDER);
        assertThat(inbox.accept(2, 2, "group:b", 1)).isEqualTo(Verdict.NEW);
    }

    @Test
    void aSeqRegressionCountsAsLogOrderEvenWhenTheSenderOrderBrokeToo() {
        inbox.accept(1, 2, "inbox", 10);

        assertThat(inbox.accept(1, 1, "inbox", 9)).isEqualTo(Verdict.OUT_OF_LOG_ORDER);
    }

    @Test
    void messagesOutsideAnyLogAreOrderedBySenderOnly() {
        assertThat(inbox.accept(1, 1, null, 0)).isEqualTo(Verdict.NEW);
        assertThat(inbox.accept(1, 2, null, 0)).isEqualTo(Verdict.NEW);
    }

    @Test
    void broadcastsAreKnownByMsgIdAndMustComeInMsgIdOrderPerSender() {
        assertThat(inbox.acceptBroadcast(7, 100)).isEqualTo(Verdict.NEW);
        assertThat(inbox.acceptBroadcast(7, 105)).isEqualTo(Verdict.NEW);
        assertThat(inbox.acceptBroadcast(8, 101))
                .as("another sender's order is its own")
                .isEqualTo(Verdict.NEW);

        assertThat(inbox.acceptBroadcast(7, 105)).isEqualTo(Verdict.DUPLICATE);
        assertThat(inbox.acceptBroadcast(7, 103)).isEqualTo(Verdict.OUT_OF_LOG_ORDER);
    }
}
