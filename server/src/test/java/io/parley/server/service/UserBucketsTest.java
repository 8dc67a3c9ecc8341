package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token buckets against a clock the test moves by hand. */
class UserBucketsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstIsAllowedThenTheRefusalSaysWhenTheNextTokenComes() {
        UserBuckets buckets = new UserBuckets(10, 3, now::get);

        assertThat(buckets.take(1)).isZero();
        assertThat(buckets.take(1)).isZero();
        assertThat(buckets.take(1)).isZero();

        assertThat(buckets.take(1)).isEqualTo(100);
        advance(60);
        assertThat(buckets.take(1)).isEqualTo(40);
        advance(40);
        assertThat(buckets.take(1)).isZero();
    }

    @Test
    void tokensComeBackAtTheRateButNeverBeyondTheBurst() {
        UserBuckets buckets = new UserBuckets(10, 2, now::get);
        buckets.take(1);
        buckets.take(1);

        advance(10_000);

        assertThat(buckets.take(1)).isZero();
        assertThat(buckets.take(1)).isZero();
        assertThat(buckets.take(1)).isPositive();
    }

    @Test
    void eachUserHasABucketOfTheirOwn() {
        UserBuckets buckets = new UserBuckets(1, 1, now::get);

        assertThat(buckets.take(1)).isZero();
        assertThat(buckets.take(1)).isPositive();
        assertThat(buckets.take(2)).isZero();
    }

    @Test
    void bucketsOfUsersWhoStoppedSendingAreDroppedSoTheMapStaysBounded() {
        UserBuckets buckets = new UserBuckets(10, 5, now::get);
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 1000; i++) {
                buckets.take(round * 1000 + i);
            }
            advance(1000); // long enough for every bucket to refill
        }

        assertThat(buckets.size()).isLessThanOrEqualTo(2 * 1000 + UserBuckets.MIN_SWEEP);
    }

    @Test
    void aUserWhoKeepsSendingKeepsTheirEmptiedBucketThroughSweeps() {
        UserBuckets buckets = new UserBuckets(0.001, 1, now::get);
        buckets.take(7);
        for (int i = 0; i < 5 * UserBuckets.MIN_SWEEP; i++) {
            buckets.take(100_000 + i);
        }

        assertThat(buckets.take(7)).as("user 7 has no token back").isPositive();
    }

    private void advance(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
