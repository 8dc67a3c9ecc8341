package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.client.ReconnectPolicy.Jitter;
import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReconnectPolicyTest {
    private static final long MS = 1_000_000L;
    private final ReconnectPolicy policy =
            ReconnectPolicy.disabled().withEnabled(true).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void theCapDoublesFromTheInitialBackoffUpToTheMaximumAndNeverOverflows() {
        assertThat(IntStream.range(0, 9)
                        .mapToLong(policy::capNanos)
                        .map(n -> n / MS)
                        .toArray())
                .containsExactly(100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000);
        assertThat(policy.capNanos(63)).isEqualTo(5000 * MS);
        assertThat(policy.capNanos(Integer.MAX_VALUE)).isEqualTo(5000 * MS);
        ReconnectPolicy huge = policy.withBackoff(Duration.ofDays(1), Duration.ofDays(365 * 100));
        assertThat(huge.capNanos(1000)).isEqualTo(Duration.ofDays(365 * 100).toNanos());
    }

    @Test
    void fullJitterDrawsAnywhereFromZeroToTheCap() {
        for (int attempt : new int[] {0, 3, 20}) {
            long cap = policy.capNanos(attempt);
            LongSummaryStatistics delays = draws(policy.withJitter(Jitter.FULL), attempt);

            assertThat(delays.getMin()).isGreaterThanOrEqualTo(0).isLessThan(cap / 20);
            assertThat(delays.getMax()).isLessThanOrEqualTo(cap).isGreaterThan(cap - cap / 20);
        }
    }

    @Test
    void equalJitterDrawsBetweenHalfTheCapAndTheCap() {
        for (int attempt : new int[] {0, 3, 20}) {
            long cap = policy.capNanos(attempt);
            LongSummaryStatistics delays = draws(policy.withJitter(Jitter.EQUAL), attempt);

            assertThat(delays.getMin()).isGreaterThanOrEqualTo(cap / 2).isLessThan(cap / 2 + cap / 20);
            assertThat(delays.getMax()).isLessThanOrEqualTo(cap).isGreaterThan(cap - cap / 20);
        }
    }

    @Test
    void reconnectingIsOffByDefaultAndSwitchingItOnKeepsTheBackoff() {
        ClientOptions options = ClientOptions.defaults();

        assertThat(options.reconnect().enabled()).isFalse();
        assertThat(options.withReconnect(true).reconnect())
                .isEqualTo(ReconnectPolicy.disabled().withEnabled(true));
        assertThat(options.withReconnect(true)
                        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(80))
                        .withJitter(Jitter.EQUAL)
                        .withMaxQueuedSends(7)
                        .reconnect())
                .isEqualTo(new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(80), Jitter.EQUAL, 7));
    }

    @Test
    void invalidPoliciesAreRejectedWithTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> policy.withBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("initialBackoff: PT0S (expected: > 0)");
        assertThatThrownBy(() -> policy.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessage("maxBackoff: PT1S (expected: >= initialBackoff PT2S)");
        assertThatThrownBy(() -> policy.withMaxQueuedSends(0)).hasMessage("maxQueuedSends: 0 (expected: > 0)");
    }

    private static LongSummaryStatistics draws(ReconnectPolicy policy, int attempt) {
        SplittableRandom random = new SplittableRandom(42);
        return IntStream.range(0, 10_000)
                .mapToLong(i -> policy.delayNanos(attempt, random))
                .summaryStatistics();
    }
}
