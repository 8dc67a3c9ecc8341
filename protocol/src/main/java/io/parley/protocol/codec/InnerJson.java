package io.parley.protocol.codec;

import java.io.Writer;
import java.util.Arrays;

/**
 * The inner JSON of one frame being encoded, as characters: an unsynchronized writer over a buffer reused from
 * frame to frame (a {@link java.io.CharArrayWriter} locks on every write, a String would be one more copy).
 */
final class InnerJson extends Writer {
    private static final int INITIAL_CHARS = 512;
    /** A larger buffer (a long history reply) is dropped after use rather than held by the thread for good. */
    private static final int RETAINED_CHARS = 16 * 1024;

    private char[] chars = new char[INITIAL_CHARS];
    private int length;

    char[] chars() {
        return chars;
    }

    int length() {
        return length;
    }

    /** Empties the buffer for the next frame. */
    void clear() {
        length = 0;
        if (chars.length > RETAINED_CHARS) {
            chars = new char[INITIAL_CHARS];
        }
    }

    @Override
    public void write(char[] source, int offset, int count) {
        ensureRoom(count);
        System.arraycopy(source, offset, chars, length, count);
        length += count;
    }

    @Override
    public void write(String source, int offset, int count) {
        ensureRoom(count);
        source.getChars(offset, offset + count, chars, length);
        length += count;
    }

    @Override
    public void write(int c) {
        ensureRoom(1);
        chars[length++] = (char) c;
    }

    private void ensureRoom(int count) {
        if (count > chars.length - length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, length + count));
        }
    }

    /** Nothing to flush: the buffer is the destination. */
    @Override
    public void flush() {}

    /** Jackson closes its target after each value; the buffer stays open for the next frame. */
    @Override
    public void close() {}
}
