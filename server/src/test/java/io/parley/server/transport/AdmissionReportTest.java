package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of refusals is one log line per interval with its counts, never a line per connection. */
class AdmissionReportTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(AdmissionReport.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AdmissionReport report = new AdmissionReport(AdmissionLimits.DEFAULTS, 1000);

    @BeforeEach
    void listen() {
        // Closes without refusals are INFO lines; the test configuration shows only WARN and above.
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
        logger.setLevel(null);
    }

    @Test
    void thousandsOfRefusalsAreOneLineWithTheirCounts() throws Exception {
        InetSocketAddress attacker = new InetSocketAddress(InetAddress.getByName("192.0.2.7"), 5000);
        for (int i = 0; i < 5000; i++) {
            report.refused(Admission.OVER_ADDRESS_CAP, attacker);
        }
        report.refused(Admission.SERVER_FULL, attacker);
        report.closedWithoutFrame();
        report.flush(0);
        assertThat(lines.list)
                .singleElement()
                .satisfies(line -> assertThat(line.getFormattedMessage())
                        .contains("refused 5000 over the cap of 64 per address (latest from 192.0.2.7)")
                        .contains("refused 1 with the server full at 1000")
                        .contains("closed 1 without a frame within 5000 ms"));
    }

    @Test
    void whatComesWithinTheIntervalWaitsForTheNextLine() {
        report.closedWithoutLogin();
        report.flush(0);
        report.closedWithoutLogin();
        report.closedWithoutLogin();
        report.flush(AdmissionReport.INTERVAL_NANOS / 2);
        assertThat(lines.list).hasSize(1);
        report.flush(AdmissionReport.INTERVAL_NANOS);
        assertThat(lines.list).hasSize(2);
        assertThat(lines.list.get(1).getFormattedMessage()).contains("closed 2 without a login within 20000 ms");
    }

    @Test
    void aQuietIntervalLogsNothing() {
        report.flush(0);
        report.flush(AdmissionReport.INTERVAL_NANOS * 3);
        assertThat(lines.list).isEmpty();
    }
}
