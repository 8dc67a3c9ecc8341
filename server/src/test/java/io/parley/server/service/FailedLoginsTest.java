package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailedLoginsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(FailedLogins.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Queue<Runnable> scheduled = new ArrayDeque<>();
    private final AtomicLong now = new AtomicLong();
    private final FailedLogins failures = new FailedLogins(scheduled::add, 3, now::get);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    private void runScheduled() {
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        while (!scheduled.isEmpty()) {
            scheduled.poll().run();
        }
    }

    private static InetAddress address(String a) throws Exception {
        return InetAddress.getByName(a);
    }

    @Test
    void aBurstOfFailuresIsOneLineWithItsCount() throws Exception {
        for (int i = 0; i < 12; i++) {
            failures.record(address("127.0.0.2"), 100);
        }
        assertThat(lines.list).isEmpty();
        assertThat(scheduled).as("one report for the whole burst").hasSize(1);
        runScheduled();
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("12 failed logins from 127.0.0.2 in the last 10 s, for user 100");
    }

    @Test
    void eachAddressOfABurstHasItsLineAndTheAccountsItTried() throws Exception {
        for (int user = 100; user < 110; user++) {
            failures.record(address("127.0.0.2"), user);
        }
        failures.record(address("127.0.0.3"), 7);
        failures.record(address("127.0.0.3"), 8);
        runScheduled();
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "10 failed logins from 127.0.0.2 in the last 10 s, for users 100, 101, 102 and others",
                        "2 failed logins from 127.0.0.3 in the last 10 s, for users 7, 8");
    }

    @Test
    void addressesPastTheLimitShareOneLine() throws Exception {
        for (int i = 0; i < 1000; i++) {
            failures.record(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 100);
        }
        runScheduled();
        assertThat(lines.list).hasSize(4);
        assertThat(lines.list.get(3).getFormattedMessage())
                .isEqualTo("997 failed logins from other addresses in the last 10 s");
    }

    @Test
    void aLaterBurstIsReportedAfresh() throws Exception {
        failures.record(address("127.0.0.2"), 100);
        runScheduled();
        failures.record(address("127.0.0.2"), 100);
        failures.record(address("127.0.0.2"), 100);
        runScheduled();
        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "1 failed login from 127.0.0.2 in the last 10 s, for user 100",
                        "2 failed logins from 127.0.0.2 in the last 10 s, for user 100");
    }
}
