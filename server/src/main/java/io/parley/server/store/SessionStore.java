package io.parley.server.store;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What decides whether a resume token still holds, shared by every node: the keys that sign tokens, the ids of
 * tokens revoked by a logout, and each user's token epoch (kept with the user, see {@link UserRecord#tokenEpoch()}),
 * which voids every older token of the user at once.
 */
public interface SessionStore {
    /**
     * The signing keys: the stored ones, or — the first time — {@code candidate} as the current key, stored and
     * returned. Callers pass a fresh random candidate each time; a key stored by an earlier version of Parley is
     * the current key.
     */
    CompletableFuture<TokenKeys> tokenKeys(String candidate);

    /**
     * Makes {@code newKey} the current key and the current one the previous, rotated at {@code rotatedAt}
     * (epoch millis); the key before that is forgotten. Returns the keys as now stored.
     */
    CompletableFuture<TokenKeys> rotateTokenKey(String newKey, long rotatedAt);

    /**
     * The user's name and token epoch, and whether {@code tokenId} was revoked; empty when the user does not
     * exist or was deleted. One round trip.
     */
    CompletableFuture<Optional<ResumeState>> resumeState(int userId, String tokenId);

    /**
     * Revokes {@code tokenId} of {@code userId}: {@link #resumeState} says so until {@code until} (epoch millis,
     * when the token would have expired anyway), after which the store may forget it. Idempotent.
     */
    CompletableFuture<Void> revoke(int userId, String tokenId, long until);

    /** Raises the user's token epoch by one and returns the new value; every token issued before is void. */
    CompletableFuture<Long> bumpTokenEpoch(int userId);
}
