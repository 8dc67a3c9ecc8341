package io.parley.server.store;

/** The outcome of an append: the stored message, and whether it had been stored before under the same client id. */
public record Appended(StoredMessage message, boolean duplicate) {
}
