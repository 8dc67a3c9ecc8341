package io.parley.server.store;

import static java.util.Objects.requireNonNull;

/** A registered user. {@code passwordHash} is a salted slow hash, never the password. */
public record UserRecord(int userId, String userName, String passwordHash, long createdAt) {
    public UserRecord {
        requireNonNull(userName, "userName");
        requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        return "UserRecord[userId=" + userId + ", userName=" + userName + "]";
    }
}
