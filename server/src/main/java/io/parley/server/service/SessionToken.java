package io.parley.server.service;

/**
 * What a resume token says, and what a logged-in session remembers of the token it holds. Every token resumed
 * from one password login keeps that login's {@code origin} and {@code id}, so a resume never extends the
 * absolute lifetime, and revoking the id at logout revokes every token the session was handed.
 *
 * @param userId the user it logs in
 * @param origin epoch millis of the password login it descends from; the lifetime counts from here
 * @param epoch  the user's token epoch when it was issued; a higher stored epoch voids it
 * @param id     random, one per password login: what a logout revokes
 */
record SessionToken(int userId, long origin, long epoch, long id) {
    /** The id as the store keeps it. */
    String idText() {
        return String.format("%016x", id);
    }

    SessionToken withEpoch(long newEpoch) {
        return new SessionToken(userId, origin, newEpoch, id);
    }
}
