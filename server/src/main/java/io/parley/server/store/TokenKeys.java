package io.parley.server.store;

import static java.util.Objects.requireNonNull;

/**
 * The keys that sign resume tokens, shared by every node on one store: the one new tokens are signed with, and
 * the one it replaced with the time it did, so that tokens signed before a rotation can be honoured for a grace
 * period. Keys are secrets: {@link #toString()} leaves them out.
 *
 * @param current   signs every new token
 * @param previous  the key before the last rotation; null when the key was never rotated
 * @param rotatedAt epoch milliseconds of the last rotation; 0 when never rotated
 */
public record TokenKeys(String current, String previous, long rotatedAt) {
    public TokenKeys {
        requireNonNull(current, "current");
    }

    @Override
    public String toString() {
        return "TokenKeys[previous=" + (previous == null ? "none" : "set") + ", rotatedAt=" + rotatedAt + "]";
    }
}
