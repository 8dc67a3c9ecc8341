package io.parley.app;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.parley.protocol.text.VisibleText;

/**
 * The log message ({@code %visibleMsg} in logback.xml) with every control and invisible character made
 * visible ({@link VisibleText#of}: a line feed as {@code ^J}, ESC as {@code ^[}, a bidi override as
 * {@code <U+202E>}). Log lines carry user-supplied text — user names, group names, the reasons a frame
 * did not decode — and escaping it here, once, for every logger, means a crafted name can neither forge a
 * log line nor send escape sequences to the terminal of whoever reads the log. Stack traces stay as they
 * are: they come after the message, from {@code %ex}.
 */
public final class VisibleMessageConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return VisibleText.of(event.getFormattedMessage());
    }
}
