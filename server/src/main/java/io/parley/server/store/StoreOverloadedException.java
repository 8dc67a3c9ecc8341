package io.parley.server.store;

/**
 * A store refused work because its queue is full. Nothing of the request was done; the caller refuses the
 * request to its client (503) instead of queueing it, which is what bounds the store's memory under a flood.
 */
public final class StoreOverloadedException extends RuntimeException {
    public StoreOverloadedException(String message) {
        super(message, null, false, false);
    }

    /** Whether {@code error}, or what it wraps, is such a refusal: expected under load, so not logged as a fault. */
    public static boolean isCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StoreOverloadedException) {
                return true;
            }
        }
        return false;
    }
}
