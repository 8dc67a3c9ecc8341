package io.parley.protocol.netty;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Frame sizes and the frame decoder. */
public final class Frames {
    /** Bytes of the length prefix. */
    public static final int HEADER_LENGTH = 4;
    /** Parley's default body limit for frames in either direction. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    private Frames() {}

    /**
     * A decoder that strips the 4-byte unsigned big-endian length and fails fast, before buffering, on a
     * length above {@code maxBody} (a length of 2^31 never allocates anything).
     */
    public static LengthFieldBasedFrameDecoder decoder(int maxBody) {
        if (maxBody <= 0) {
            throw new IllegalArgumentException("maxBody: " + maxBody + " (expected: > 0)");
        }
        // Netty's limit counts the header too; without this, a huge maxBody would overflow into a negative one.
        if (maxBody > Integer.MAX_VALUE - HEADER_LENGTH) {
            throw new IllegalArgumentException(
                    "maxBody: " + maxBody + " (expected: <= " + (Integer.MAX_VALUE - HEADER_LENGTH) + ")");
        }
        return new LengthFieldBasedFrameDecoder(maxBody + HEADER_LENGTH, 0, HEADER_LENGTH, 0, HEADER_LENGTH, true);
    }
}
