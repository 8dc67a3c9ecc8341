package io.parley.bench;

/**
 * How registering the bench's users went.
 *
 * @param created  new accounts
 * @param existing ids already taken (505), from an earlier run: their password is the bench's, so they log in
 * @param failed   any other answer or no answer
 * @param seconds  wall time of the whole registration
 * @param firstError the first failure's description, or null
 */
public record Registration(int created, int existing, int failed, double seconds, String firstError) {
    static final Registration SKIPPED = new Registration(0, 0, 0, 0, null);

    /** Both registrations together, as one. */
    Registration plus(Registration other) {
        return new Registration(
                created + other.created,
                existing + other.existing,
                failed + other.failed,
                seconds + other.seconds,
                firstError != null ? firstError : other.firstError);
    }
}
