package io.parley.server.store;

import static java.util.Objects.requireNonNull;

/**
 * A registered user. {@code passwordHash} is a salted slow hash, never the password. {@code tokenEpoch} rises
 * when the user logs out everywhere, changes the password, is banned, has the password reset or is deleted;
 * resume tokens carry the epoch they were issued in.
 *
 * @param bannedUntil epoch millis until which the user is banned: 0 when not banned, {@link #BANNED_FOR_GOOD} until
 *     unbanned (see {@link #bannedAt})
 * @param banReason   why, as the admin gave it; "" when not banned
 */
public record UserRecord(
        int userId,
        String userName,
        String passwordHash,
        long createdAt,
        long tokenEpoch,
        long bannedUntil,
        String banReason) {
    /** {@link #bannedUntil} of a ban that lasts until {@link UserStore#unban}. */
    public static final long BANNED_FOR_GOOD = Long.MAX_VALUE;

    /**
     * The password hash of a deleted user (a tombstone, see {@link UserStore#delete}). Not a bcrypt string, so no
     * password verifies against it: the "!" of a locked account in crypt(3). Note that Bouncy Castle's
     * {@code OpenBSDBCrypt.checkPassword} throws on it rather than answering false; check {@link #deleted()} first.
     */
    public static final String DELETED_HASH = "!deleted";

    public UserRecord {
        requireNonNull(userName, "userName");
        requireNonNull(passwordHash, "passwordHash");
        requireNonNull(banReason, "banReason");
        if (bannedUntil < 0) {
            throw new IllegalArgumentException("bannedUntil: " + bannedUntil + " (expected: >= 0)");
        }
    }

    /** A user who is not banned. */
    public UserRecord(int userId, String userName, String passwordHash, long createdAt, long tokenEpoch) {
        this(userId, userName, passwordHash, createdAt, tokenEpoch, 0, "");
    }

    /** A user whose tokens were never revoked wholesale (epoch 0), as every new user is, and who is not banned. */
    public UserRecord(int userId, String userName, String passwordHash, long createdAt) {
        this(userId, userName, passwordHash, createdAt, 0);
    }

    /** Whether the user is banned at {@code nowMillis}: a ban holds while the clock is before {@link #bannedUntil}. */
    public boolean bannedAt(long nowMillis) {
        return nowMillis < bannedUntil;
    }

    /**
     * Whether this is the tombstone of a deleted user: the id, creation time and a raised epoch are all that is
     * left, its name is "" and its hash {@link #DELETED_HASH}, which is what this looks at (no flag is stored).
     */
    public boolean deleted() {
        return DELETED_HASH.equals(passwordHash);
    }

    @Override
    public String toString() {
        return "UserRecord[userId=" + userId + ", userName=" + userName + (deleted() ? ", deleted" : "")
                + (bannedUntil != 0 ? ", bannedUntil=" + bannedUntil : "") + "]";
    }
}
