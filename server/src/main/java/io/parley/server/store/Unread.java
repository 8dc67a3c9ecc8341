package io.parley.server.store;

import java.util.List;
import java.util.Objects;

/**
 * Where a user stands in a log and the first of what it has not read: {@code first} holds the messages after
 * {@code position}, ascending, up to the limit asked for ({@link MessageStore#unread}).
 */
public record Unread(long position, List<StoredMessage> first) {
    public Unread {
        Objects.requireNonNull(first, "first");
        first = List.copyOf(first);
    }
}
