package io.parley.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds raw frames the way the tutorial's Go client writes them: a 4-byte big-endian length, then the body. */
public final class WireBytes {
    private WireBytes() {}

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** JSON written with single quotes for readability in tests: {@code json("{'a':1}")} is {@code {"a":1}}. */
    public static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    /**
     * The envelope exactly as Go's {@code json.Marshal} writes it around {@code inner}: the inner object as a
     * JSON string.
     */
    public static String envelope(String type, String inner) {
        return "{\"type\":\"" + type + "\",\"data\":" + quoted(inner) + "}";
    }

    /** {@code text} as a JSON string literal. Escapes only backslashes and quotes: printable text only. */
    public static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** One complete frame holding {@code body}. */
    public static byte[] frame(String body) {
        byte[] bytes = utf8(body);
        return ByteBuffer.allocate(4 + bytes.length)
                .putInt(bytes.length)
                .put(bytes)
                .array();
    }

    /** Several frames back to back, as they arrive when a peer writes faster than we read. */
    public static byte[] frames(String... bodies) {
        int size = 0;
        byte[][] each = new byte[bodies.length][];
        for (int i = 0; i < bodies.length; i++) {
            each[i] = frame(bodies[i]);
            size += each[i].length;
        }
        ByteBuffer joined = ByteBuffer.allocate(size);
        for (byte[] f : each) {
            joined.put(f);
        }
        return joined.array();
    }

    /** A 4-byte header alone, for lengths a signed int cannot hold. */
    public static byte[] header(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }
}
