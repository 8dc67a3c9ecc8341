package io.parley.server.store.redis;

import io.parley.server.store.StoredMessage;

/** A stored message in the JSON the Redis store keeps it in, for those who pass messages through Redis too. */
public final class StoredMessageJson {
    private StoredMessageJson() {
    }

    public static String encode(StoredMessage message) {
        return Documents.message(message);
    }

    /** @throws java.io.UncheckedIOException when {@code json} is not a stored message */
    public static StoredMessage decode(String json) {
        return Documents.message(json);
    }
}
