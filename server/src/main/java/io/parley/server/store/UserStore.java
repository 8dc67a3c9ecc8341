package io.parley.server.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Registered users. A deleted user stays as a tombstone ({@link UserRecord#deleted()}), so that its id is never
 * given to anyone else; every method that changes a user treats a tombstone as no user.
 */
public interface UserStore {
    /** Stores a new user; completes with false, storing nothing, when the id is taken (a deleted user's included). */
    CompletableFuture<Boolean> create(UserRecord user);

    /** The user with its ban and token epoch; a deleted user's tombstone too. Empty when the id was never used. */
    CompletableFuture<Optional<UserRecord>> find(int userId);

    /**
     * Replaces the user's password hash with {@code newHash} and raises its token epoch by one, in one step, if
     * the stored hash is still {@code oldHash}. Returns the new epoch; empty (changing nothing) when the user does
     * not exist, was deleted or its hash is no longer {@code oldHash} (another change came first).
     */
    CompletableFuture<Optional<Long>> changePassword(int userId, String oldHash, String newHash);

    /**
     * Bans the user until {@code until} (epoch millis; {@link UserRecord#BANNED_FOR_GOOD} until unbanned) for
     * {@code reason}, replacing any earlier ban, and raises its token epoch by one in the same atomic step, so that
     * every resume token it holds is void. Returns the new epoch; empty, changing nothing, when the user does not
     * exist or was deleted. The store only records the ban: refusing a banned user's login is the caller's part
     * ({@link UserRecord#bannedAt}).
     *
     * @throws IllegalArgumentException when {@code until} is not above 0 (0 means "not banned")
     */
    CompletableFuture<Optional<Long>> ban(int userId, long until, String reason);

    /**
     * Removes the user's ban: true when one was recorded (also one that had run out), false when there was none or
     * no such user. Leaves the token epoch as it is.
     */
    CompletableFuture<Boolean> unban(int userId);

    /**
     * Replaces the user's password hash with {@code newHash}, whatever it was, and raises its token epoch by one
     * in the same atomic step. Returns the new epoch; empty, changing nothing, when the user does not exist or was
     * deleted.
     *
     * @throws IllegalArgumentException when {@code newHash} is {@link UserRecord#DELETED_HASH}
     */
    CompletableFuture<Optional<Long>> resetPassword(int userId, String newHash);

    /**
     * Deletes the user, keeping its id as a tombstone: the record keeps {@code userId} and {@code createdAt}, its
     * name becomes "", its hash {@link UserRecord#DELETED_HASH}, its ban is removed and its token epoch raised by
     * one; {@link #create} of the id is refused from then on. With it goes what the store holds of the user:
     * the messages of its inbox log (whose head goes back to 0), its read positions, its group memberships and
     * the tokens it had revoked. What it sent to others and to groups stays in their logs, and groups it owns stay
     * with the tombstone as owner. What of this is one atomic step differs by backend (docs/storage.md); the
     * future completes once all of it is done. True when the user was deleted now; false when there is no such
     * user or it was deleted before (a repeat finishes the removal of data an interrupted delete left behind).
     */
    CompletableFuture<Boolean> delete(int userId);
}
