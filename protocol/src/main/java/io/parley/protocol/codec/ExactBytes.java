package io.parley.protocol.codec;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects a frame body into an array of exactly its size. The JSON generator buffers the whole body and hands
 * it over in one write (bodies under its 8000-byte buffer), which becomes the result with one copy; a
 * {@link java.io.ByteArrayOutputStream} would copy it twice, into its own buffer and out again.
 */
final class ExactBytes extends OutputStream {
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private int length;

    @Override
    public void write(byte[] source, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, source.length);
        if (length == 0) {
            bytes = Arrays.copyOfRange(source, offset, offset + count);
        } else {
            if (count > bytes.length - length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
            }
            System.arraycopy(source, offset, bytes, length, count);
        }
        length += count;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    byte[] toByteArray() {
        return bytes.length == length ? bytes : Arrays.copyOf(bytes, length);
    }
}
