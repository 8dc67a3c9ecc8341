package io.parley.bench;

import java.security.SecureRandom;

/**
 * The text of a bench message: {@code <run>|<stamp>|<n>|xxxx…}, padded to the requested length. The run id
 * tells this run's messages from older ones a user may still have waiting; the stamp is the
 * {@link System#nanoTime()} the message was due, so the receiver measures latency with nothing kept on the
 * sending side; {@code n} numbers the sender's messages to one destination (1, 2, 3…), so the receiver can
 * tell a duplicate from a message that overtook another.
 */
final class Content {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A parse result, reused by one receiver so that reading a message allocates nothing. */
    static final class Parsed {
        long stamp;
        int n;
    }

    private final String runId;
    private final String padding;
    private final int length;

    Content(int length) {
        this(Long.toUnsignedString(RANDOM.nextLong(), 36), length);
    }

    Content(String runId, int length) {
        if (runId.isEmpty() || runId.indexOf('|') >= 0) {
            throw new IllegalArgumentException("runId: '" + runId + "' (expected: non-empty, without '|')");
        }
        this.runId = runId;
        this.length = length;
        this.padding = "x".repeat(length);
    }

    String runId() {
        return runId;
    }

    String encode(long stamp, int n) {
        StringBuilder text = new StringBuilder(Math.max(length, runId.length() + 36));
        text.append(runId).append('|').append(stamp).append('|').append(n).append('|');
        int pad = length - text.length();
        if (pad > 0) {
            text.append(padding, 0, pad);
        }
        return text.toString();
    }

    /** Reads a message of this run into {@code into}; false for anything else (another run, another sender). */
    boolean parse(String text, Parsed into) {
        int start = runId.length();
        if (!text.startsWith(runId) || text.length() <= start || text.charAt(start) != '|') {
            return false;
        }
        int stampEnd = text.indexOf('|', start + 1);
        int nEnd = stampEnd < 0 ? -1 : text.indexOf('|', stampEnd + 1);
        if (nEnd < 0) {
            return false;
        }
        long stamp = parseLong(text, start + 1, stampEnd);
        long n = parseLong(text, stampEnd + 1, nEnd);
        if (stamp == Long.MIN_VALUE || n <= 0 || n > Integer.MAX_VALUE) {
            return false;
        }
        into.stamp = stamp;
        into.n = (int) n;
        return true;
    }

    /** A decimal between {@code from} and {@code to}; {@link Long#MIN_VALUE} when it is not one. */
    private static long parseLong(String s, int from, int to) {
        boolean negative = from < to && s.charAt(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to || to - i > 18) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
