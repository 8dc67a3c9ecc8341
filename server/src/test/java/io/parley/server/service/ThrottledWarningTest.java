package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of the same warning is one line per interval with the count of the rest, never a line each. */
class ThrottledWarningTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(ThrottledWarningTest.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final ThrottledWarning warning = new ThrottledWarning(logger, now::get);

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    @Test
    void theFirstIsLoggedAtOnceAndTheRestOfTheIntervalOnlyCounted() {
        for (int i = 0; i < 5000; i++) {
            warning.warn("receipt {} refused", i);
        }

        assertThat(lines.list)
                .singleElement()
                .satisfies(line -> assertThat(line.getFormattedMessage()).isEqualTo("receipt 0 refused"));
    }

    @Test
    void theNextLineAfterTheIntervalSaysHowManyWereNotLogged() {
        for (int i = 0; i < 5000; i++) {
            warning.warn("receipt {} refused", i);
        }
        now.addAndGet(ThrottledWarning.INTERVAL_NANOS - 1);
        warning.warn("receipt {} refused", "late");
        assertThat(lines.list).hasSize(1);

        now.addAndGet(1);
        warning.warn("receipt {} refused", "next");

        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage())
                .isEqualTo("receipt next refused (and 5000 more like it since the last such line)");
    }
}
