package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RegistrationLimiterTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void aClassroomAtOneAddressRegistersUnderTheDefault() throws Exception {
        RegistrationLimiter limiter =
                new RegistrationLimiter(LoginLimits.DEFAULTS.registrationsPerHour(), 100, now::get);
        InetAddress classroom = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < 30; i++) {
            assertThat(limiter.take(classroom)).as("student %d", i).isZero();
        }
    }

    @Test
    void pastTheBucketAnAddressWaitsForTheRefillAndOthersDoNot() throws Exception {
        RegistrationLimiter limiter = new RegistrationLimiter(30, 100, now::get);
        InetAddress a = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < 30; i++) {
            limiter.take(a);
        }
        assertThat(limiter.take(a))
                .as("one registration per two minutes refills")
                .isEqualTo(120_000);
        assertThat(limiter.take(InetAddress.getByName("127.0.0.3"))).isZero();
        now.addAndGet(TimeUnit.MINUTES.toNanos(2));
        assertThat(limiter.take(a)).isZero();
        assertThat(limiter.take(a)).isPositive();
    }

    @Test
    void loadTestingLiftsTheLimit() throws Exception {
        RegistrationLimiter limiter =
                new RegistrationLimiter(LoginLimits.DEFAULTS.forLoadTest().registrationsPerHour(), 100, now::get);
        InetAddress a = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.take(a)).isZero();
        }
        assertThat(limiter.size()).isZero();
    }

    @Test
    void manyAddressesCannotGrowTheTablePastItsCapacity() throws Exception {
        RegistrationLimiter limiter = new RegistrationLimiter(30, 100, now::get);
        for (int i = 0; i < 5000; i++) {
            limiter.take(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
        }
        assertThat(limiter.size()).isEqualTo(100);
    }
}
