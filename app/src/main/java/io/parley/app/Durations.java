package io.parley.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as an operator types them: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, or ISO-8601 ({@code PT2H}). */
final class Durations {
    private Durations() {}

    /**
     * @throws IllegalArgumentException with what was expected, when {@code text} is none of those or not positive
     */
    static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                d = switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' (expected: 90s, 30m, 12h, 7d or ISO-8601 such as PT2H)", e);
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("'" + text + "' (expected: a positive duration)");
        }
        return d;
    }
}
