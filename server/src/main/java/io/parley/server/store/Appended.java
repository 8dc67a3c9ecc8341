package io.parley.server.store;

/**
 * The outcome of an append: the stored message, and whether it had been stored before under the same client id;
 * or, with {@code overQuota}, nothing stored because the recipient's inbox is at its {@link InboxQuota} (then
 * {@code message} is null).
 */
public record Appended(StoredMessage message, boolean duplicate, boolean overQuota) {
    /** The answer to an append refused by the inbox quota. */
    public static final Appended OVER_QUOTA = new Appended(null, false, true);

    /** The answer to an append that stored {@code message}. */
    public static Appended stored(StoredMessage message) {
        return new Appended(message, false, false);
    }

    /** The answer to a resend: {@code original} was stored before under the same client id, and nothing now. */
    public static Appended storedBefore(StoredMessage original) {
        return new Appended(original, true, false);
    }
}
