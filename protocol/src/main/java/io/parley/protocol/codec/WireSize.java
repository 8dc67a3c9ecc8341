package io.parley.protocol.codec;

/**
 * Upper bounds for the bytes a text field takes in a frame body, so that a reply can be cut to the frame limit
 * before it is encoded. A field is escaped twice — once inside the {@code data} JSON, once more as the string that
 * carries it in the envelope — which is what the worst cases below add up: a control character becomes
 * {@code \u0001} and then {@code \\u0001}, seven bytes; a quote or backslash becomes four.
 */
public final class WireSize {
    /** The most bytes one Java char can take: a control character, escaped twice. */
    public static final int MAX_PER_CHAR = 7;
    /** Digits and sign of the longest {@code int}, {@code -2147483648}. */
    public static final int MAX_INT = 11;
    /** The largest body a tutorial client can read: it reads each frame into an 8096-byte buffer. */
    public static final int SEED_MAX_BODY = 8096;

    private WireSize() {}

    /** At least the bytes {@code text} adds to a frame body as a string value, quotes excluded. */
    public static int of(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            bytes += of(text.charAt(i));
        }
        return bytes;
    }

    /**
     * At least the bytes one char adds. Each half of a surrogate pair takes six: the envelope's generator
     * writes it as a {@code \uD83D} escape rather than as the pair's four UTF-8 bytes.
     */
    public static int of(char c) {
        if (c == '"' || c == '\\') {
            return 4;
        } else if (c < 0x20) {
            return MAX_PER_CHAR;
        } else if (c < 0x80) {
            return 1;
        } else if (c < 0x800) {
            return 2;
        } else if (Character.isSurrogate(c)) {
            return 6;
        }
        return 3;
    }
}
