package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DeliveredSeqsTest {
    private final DeliveredSeqs seqs = new DeliveredSeqs();

    @Test
    void aLogNeverHandedOverHasNoSeq() {
        seqs.raise("inbox:1", 3);

        assertThat(seqs.upTo("group:a")).isNull();
        assertThat(new DeliveredSeqs().upTo("inbox:1")).isNull();
    }

    @Test
    void raiseKeepsTheHighestSeqOfEachLog() {
        seqs.raise("inbox:1", 5);
        seqs.raise("inbox:1", 3);
        seqs.raise("group:a", 200);
        seqs.raise("group:a", 201);

        assertThat(seqs.upTo("inbox:1")).isEqualTo(5L);
        assertThat(seqs.upTo("group:a")).isEqualTo(201L);
    }

    @Test
    void setRecordsTheSeqAsGiven() {
        seqs.raise("inbox:1", 9);
        seqs.set("inbox:1", 4L);

        assertThat(seqs.upTo("inbox:1")).isEqualTo(4L);
    }

    @Test
    void logsBeyondTheFirstTwoAreKeptAndFoundLikeTheFirst() {
        for (int i = 0; i < 10; i++) {
            seqs.raise("group:" + i, 100 + i);
        }
        for (int i = 0; i < 10; i++) {
            seqs.raise("group:" + i, 50); // lower: changes nothing, wherever the log is kept
        }

        for (int i = 0; i < 10; i++) {
            assertThat(seqs.upTo("group:" + i)).as("group:" + i).isEqualTo(100L + i);
        }
        assertThat(seqs.logs()).hasSize(10).startsWith("group:0", "group:1");
        assertThat(seqs.logs())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 10).mapToObj(i -> "group:" + i).toList());
    }

    @Test
    void logsIsASnapshotThatLaterLogsDoNotChange() {
        seqs.raise("inbox:1", 1);
        var before = seqs.logs();
        seqs.raise("group:a", 1);

        assertThat(before).containsExactly("inbox:1");
        assertThat(seqs.logs()).containsExactly("inbox:1", "group:a");
    }
}
