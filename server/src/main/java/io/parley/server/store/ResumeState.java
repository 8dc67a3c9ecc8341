package io.parley.server.store;

import static java.util.Objects.requireNonNull;

/**
 * What a resume needs to know about a user beyond the token's signature, read in one round trip.
 *
 * @param userName   the user's display name
 * @param tokenEpoch the user's current token epoch: tokens carrying an older one are void
 * @param revoked    whether the token id asked about was revoked (its session logged out)
 */
public record ResumeState(String userName, long tokenEpoch, boolean revoked) {
    public ResumeState {
        requireNonNull(userName, "userName");
    }
}
