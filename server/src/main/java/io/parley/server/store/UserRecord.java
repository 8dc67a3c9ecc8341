package io.parley.server.store;

import static java.util.Objects.requireNonNull;

/**
 * A registered user. {@code passwordHash} is a salted slow hash, never the password. {@code tokenEpoch} rises
 * when the user logs out everywhere or changes the password; resume tokens carry the epoch they were issued in.
 */
public record UserRecord(int userId, String userName, String passwordHash, long createdAt, long tokenEpoch) {
    public UserRecord {
        requireNonNull(userName, "userName");
        requireNonNull(passwordHash, "passwordHash");
    }

    /** A user whose tokens were never revoked wholesale (epoch 0), as every new user is. */
    public UserRecord(int userId, String userName, String passwordHash, long createdAt) {
        this(userId, userName, passwordHash, createdAt, 0);
    }

    @Override
    public String toString() {
        return "UserRecord[userId=" + userId + ", userName=" + userName + "]";
    }
}
