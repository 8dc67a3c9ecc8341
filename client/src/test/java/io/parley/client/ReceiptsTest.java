package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.AckMes;
import org.junit.jupiter.api.Test;

class ReceiptsTest {
    private final Receipts receipts = new Receipts();

    @Test
    void aSeqAtOrBelowTheHighestDeliveredIsADuplicate() {
        assertThat(receipts.accept("inbox", 1)).isTrue();
        assertThat(receipts.accept("inbox", 3)).isTrue();
        assertThat(receipts.accept("inbox", 3)).isFalse();
        assertThat(receipts.accept("inbox", 2)).isFalse();
        assertThat(receipts.accept("inbox", 4)).isTrue();
    }

    @Test
    void logsAreIndependent() {
        assertThat(receipts.accept("inbox", 5)).isTrue();
        assertThat(receipts.accept("group:dev", 1)).isTrue();
        assertThat(receipts.accept("group:ops", 1)).isTrue();
    }

    @Test
    void drainOwesOneCumulativeReceiptPerLogAndThenNothing() {
        receipts.accept("inbox", 1);
        receipts.accept("inbox", 2);
        receipts.accept("group:dev", 7);
        receipts.accept("inbox", 3);

        assertThat(receipts.drain()).containsExactlyInAnyOrder(new AckMes("inbox", 3), new AckMes("group:dev", 7));
        assertThat(receipts.drain()).isEmpty();
    }

    @Test
    void aDuplicateIsAcknowledgedAgainBecauseTheServerNeverSawTheReceipt() {
        receipts.accept("inbox", 4);
        receipts.drain();

        assertThat(receipts.accept("inbox", 4)).isFalse();
        assertThat(receipts.drain()).containsExactly(new AckMes("inbox", 4));
    }

    @Test
    void resetForgetsWhatWasDelivered() {
        receipts.accept("inbox", 9);
        receipts.reset();

        assertThat(receipts.drain()).isEmpty();
        assertThat(receipts.accept("inbox", 1)).isTrue();
    }
}
