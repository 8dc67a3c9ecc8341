package io.parley.server.store.redis;

import io.parley.server.store.StoredMessage;

/** Reads a stored message from the JSON the Redis store keeps, and announces, it in. */
public final class StoredMessageJson {
    private StoredMessageJson() {}

    /**
     * The stored message {@code json} holds.
     *
     * @throws java.io.UncheckedIOException when {@code json} is not a stored message
     */
    public static StoredMessage decode(String json) {
        return Documents.message(json);
    }
}
