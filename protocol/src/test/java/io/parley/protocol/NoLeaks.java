package io.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a buffer that was never released. The detector only
 * logs (at ERROR, through java.util.logging here: the protocol module has no SLF4J binding), and only
 * once the leaked buffer has been garbage-collected and another buffer is allocated, so after each test
 * this collects garbage and allocates a little to make it look. A leak can be found a test late, never
 * falsely: every report is a real unreleased buffer.
 */
public final class NoLeaks implements BeforeAllCallback, AfterEachCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    // Held strongly: java.util.logging keeps loggers weakly, and a collected logger would drop the handler.
    private static final Logger DETECTOR_LOG = Logger.getLogger(ResourceLeakDetector.class.getName());

    static {
        DETECTOR_LOG.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    LEAKS.add(record.getMessage());
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Surefire sets paranoid on the command line; this keeps the check meaningful when run from an IDE.
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = 0; i < 3 && LEAKS.isEmpty(); i++) {
            System.gc();
            // Each tracked allocation makes the detector drain its queue of collected, unreleased buffers.
            ByteBufAllocator.DEFAULT.buffer(1).release();
            ByteBufAllocator.DEFAULT.directBuffer(1).release();
        }
        List<String> found = List.copyOf(LEAKS);
        LEAKS.clear();
        assertThat(found).as("buffers never released").isEmpty();
    }
}
