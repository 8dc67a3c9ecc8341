package io.parley.server.store;

/**
 * How much may wait unread in one user's inbox: messages stored after the owner's read position, and the
 * UTF-8 bytes of their text. An append to an inbox that would go beyond either is refused, checked in the same
 * atomic step as the append, so that appends from many nodes to one inbox cannot together overshoot it.
 */
public record InboxQuota(long messages, long bytes) {
    /** No quota. */
    public static final InboxQuota NONE = new InboxQuota(Long.MAX_VALUE, Long.MAX_VALUE);

    public InboxQuota {
        if (messages < 1 || bytes < 1) {
            throw new IllegalArgumentException(
                    "inbox quota: " + messages + " messages, " + bytes + " bytes (expected: >= 1 each)");
        }
    }

    /** What a message's text counts for: its length in UTF-8, counted without encoding it. */
    public static int bytesOf(String content) {
        int bytes = content.length();
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if (Character.isSurrogate(c)) {
                bytes += 1; // a pair is four bytes: two chars, one more each
            } else if (c >= 0x800) {
                bytes += 2;
            } else if (c >= 0x80) {
                bytes += 1;
            }
        }
        return bytes;
    }
}
