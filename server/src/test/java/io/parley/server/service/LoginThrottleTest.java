package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final LoginLimits LIMITS = new LoginLimits(16, 500, 30_000, 30);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(LIMITS, 1000, now::get);

    private static InetAddress address(String a) throws Exception {
        return InetAddress.getByName(a);
    }

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void delaysDoubleWithEachFailureUpToTheMaximum() throws Exception {
        InetAddress a = address("127.0.0.2");
        long[] holds = new long[10];
        for (int i = 0; i < holds.length; i++) {
            assertThat(throttle.begin(a, 100)).isZero();
            holds[i] = throttle.failed(a, 100);
            advanceMillis(holds[i]);
        }
        assertThat(holds).containsExactly(500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000);
    }

    @Test
    void anAttemptBeforeTheDelayHasPassedIsRefusedWithTheTimeLeft() throws Exception {
        InetAddress a = address("127.0.0.2");
        throttle.failed(a, 100);
        throttle.failed(a, 100);
        advanceMillis(400);
        assertThat(throttle.begin(a, 100)).isEqualTo(600);
        advanceMillis(600);
        assertThat(throttle.begin(a, 100)).isZero();
    }

    @Test
    void aThrottledKeyLetsOneAttemptThroughPerDelayHoweverManyConnectionsTry() throws Exception {
        InetAddress a = address("127.0.0.2");
        advanceMillis(throttle.failed(a, 100));
        assertThat(throttle.begin(a, 100)).isZero();
        assertThat(throttle.begin(a, 100))
                .as("a second connection while the first attempt is checked")
                .isEqualTo(500);
    }

    @Test
    void aSuccessfulLoginClearsItsAddressAndAccount() throws Exception {
        InetAddress a = address("127.0.0.2");
        for (int i = 0; i < 5; i++) {
            advanceMillis(throttle.failed(a, 100));
        }
        throttle.succeeded(a, 100);
        assertThat(throttle.begin(a, 100)).isZero();
        assertThat(throttle.failed(a, 100))
                .as("the first failure after a success")
                .isEqualTo(500);
    }

    @Test
    void theOwnerAtAnotherAddressIsNotHeldBackByGuessesAtTheirAccount() throws Exception {
        InetAddress attacker = address("127.0.0.2");
        for (int i = 0; i < 50; i++) {
            throttle.failed(attacker, 100);
        }
        assertThat(throttle.begin(attacker, 100)).isPositive();
        assertThat(throttle.begin(address("127.0.0.3"), 100)).isZero();
    }

    @Test
    void anotherAccountFromTheSameAddressIsFreeUntilTheAddressHasFailedTooOften() throws Exception {
        InetAddress a = address("127.0.0.2");
        for (int i = 0; i < LoginThrottle.FREE_ADDRESS_FAILURES; i++) {
            throttle.failed(a, 1000 + i);
        }
        assertThat(throttle.begin(a, 5000))
                .as("after %d failures", LoginThrottle.FREE_ADDRESS_FAILURES)
                .isZero();
        throttle.failed(a, 1000);
        assertThat(throttle.begin(a, 5001))
                .as("one more: the address itself waits")
                .isEqualTo(500);
        assertThat(throttle.begin(address("127.0.0.3"), 5001)).isZero();
    }

    @Test
    void anIpv6HostCountsAsItsWholeSlash64() throws Exception {
        for (int i = 0; i < 3; i++) {
            throttle.failed(address("2001:db8:1:2::" + (i + 1)), 100);
        }
        assertThat(throttle.begin(address("2001:db8:1:2::99"), 100)).isPositive();
        assertThat(throttle.begin(address("2001:db8:1:3::1"), 100)).isZero();
    }

    @Test
    void failuresAreForgottenAfterAQuietSpell() throws Exception {
        InetAddress a = address("127.0.0.2");
        for (int i = 0; i < 10; i++) {
            throttle.failed(a, 100);
        }
        advanceMillis(LoginThrottle.FORGET_AFTER.toMillis());
        assertThat(throttle.size()).isZero();
        assertThat(throttle.failed(a, 100)).isEqualTo(500);
    }

    @Test
    void manyAddressesCannotGrowTheTablesPastTheirCapacity() throws Exception {
        LoginThrottle small = new LoginThrottle(LIMITS, 100, now::get);
        for (int i = 0; i < 10_000; i++) {
            small.failed(InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i}), i);
        }
        assertThat(small.size()).isEqualTo(200);
    }
}
