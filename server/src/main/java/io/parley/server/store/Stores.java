package io.parley.server.store;

import static java.util.Objects.requireNonNull;

/** One open backend: its stores, closed together. */
public record Stores(
        String description,
        UserStore users,
        MessageStore messages,
        GroupStore groups,
        PresenceStore presence,
        SessionStore sessions,
        AutoCloseable backend)
        implements AutoCloseable {
    public Stores {
        requireNonNull(description, "description");
        requireNonNull(users, "users");
        requireNonNull(messages, "messages");
        requireNonNull(groups, "groups");
        requireNonNull(presence, "presence");
        requireNonNull(sessions, "sessions");
        requireNonNull(backend, "backend");
    }

    /** The same backend with {@code replacement} for its message store: a wrapper that watches or holds it. */
    public Stores withMessages(MessageStore replacement) {
        return new Stores(description, users, replacement, groups, presence, sessions, backend);
    }

    @Override
    public void close() throws Exception {
        backend.close();
    }
}
