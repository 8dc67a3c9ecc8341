package io.parley.app;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The end of logging: log lines wait in a queue (logback.xml says why), so a process writes them out before it ends. */
final class Logging {
    private Logging() {}

    /**
     * Writes out the queued lines and stops logging; later lines are dropped. Called last, once the server has
     * stopped or the command has returned, so that its final lines ("Parley stopping …") are not lost.
     */
    static void stop() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
