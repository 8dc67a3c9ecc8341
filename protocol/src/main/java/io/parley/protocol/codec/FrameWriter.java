package io.parley.protocol.codec;

import com.fasterxml.jackson.core.io.CharTypes;
import java.util.Arrays;

/**
 * Writes the envelope {@code {"type":...,"data":"<inner JSON>"}} around the inner JSON of one frame, as UTF-8,
 * into a buffer reused from frame to frame. Does by hand what Jackson's UTF-8 generator does with default
 * settings (its escape table and hex digits; each half of a surrogate pair as a {@code \\uXXXX} escape), without
 * the cost of making a generator per frame; {@code CodecEquivalenceTest} holds the two to the same bytes.
 */
final class FrameWriter {
    private static final int[] ESCAPES = CharTypes.get7BitOutputEscapes();
    private static final byte[] HEX = CharTypes.copyHexBytes(true);
    private static final byte[] TYPE = {'{', '"', 't', 'y', 'p', 'e', '"', ':'};
    private static final byte[] DATA = {',', '"', 'd', 'a', 't', 'a', '"', ':', '"'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    /** The most bytes one char can take: a six-byte escape. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    private static final int INITIAL_BYTES = 1024;
    /** A larger buffer (a long history reply) is dropped after use rather than held by the thread for good. */
    private static final int RETAINED_BYTES = 32 * 1024;

    private final InnerJson inner = new InnerJson();
    private byte[] bytes = new byte[INITIAL_BYTES];
    private int length;

    /** Where the inner JSON is written before {@link #writeEnvelope}. */
    InnerJson inner() {
        return inner;
    }

    /** Writes the envelope of {@code type} and the inner JSON written so far; then {@link #bytes}, {@link #length}. */
    void writeEnvelope(String type) {
        int bound = TYPE.length
                + (type == null ? NULL.length : 2 + type.length() * MAX_BYTES_PER_CHAR)
                + DATA.length
                + inner.length() * MAX_BYTES_PER_CHAR
                + 2;
        if (bytes.length < bound) {
            bytes = new byte[Math.max(bound, bytes.length * 2)];
        }
        int at = put(TYPE, 0);
        if (type == null) {
            at = put(NULL, at);
        } else {
            bytes[at++] = '"';
            char[] chars = type.toCharArray();
            at = putEscaped(chars, chars.length, at);
            bytes[at++] = '"';
        }
        at = put(DATA, at);
        at = putEscaped(inner.chars(), inner.length(), at);
        bytes[at++] = '"';
        bytes[at++] = '}';
        length = at;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Empties both buffers for the next frame. */
    void clear() {
        inner.clear();
        length = 0;
        if (bytes.length > RETAINED_BYTES) {
            bytes = new byte[INITIAL_BYTES];
        }
    }

    private int put(byte[] source, int at) {
        System.arraycopy(source, 0, bytes, at, source.length);
        return at + source.length;
    }

    /** The characters as the inside of a JSON string, exactly as Jackson's UTF8JsonGenerator writes them. */
    private int putEscaped(char[] chars, int count, int at) {
        byte[] out = bytes;
        int i = 0;
        while (i < count) {
            // A tight loop for the common run of plain ASCII (as Jackson's generator has), then one char the slow way.
            int c = chars[i++];
            while (c < 0x80 && ESCAPES[c] == 0) {
                out[at++] = (byte) c;
                if (i == count) {
                    return at;
                }
                c = chars[i++];
            }
            if (c < 0x80) {
                int escape = ESCAPES[c];
                if (escape > 0) {
                    out[at++] = '\\';
                    out[at++] = (byte) escape;
                } else {
                    at = putUnicodeEscape(c, at);
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                at = putUnicodeEscape(c, at);
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    private int putUnicodeEscape(int c, int at) {
        byte[] out = bytes;
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = HEX[(c >> 12) & 0xF];
        out[at++] = HEX[(c >> 8) & 0xF];
        out[at++] = HEX[(c >> 4) & 0xF];
        out[at++] = HEX[c & 0xF];
        return at;
    }

    /** The frame body written last, as an array of its own. */
    byte[] copy() {
        return Arrays.copyOf(bytes, length);
    }
}
