package io.parley.protocol.message;

/**
 * Extension: the first frame of a Parley-aware connection; opts it into every extension type. The connection
 * speaks the lower of its {@code version} and the server's, which {@link HelloResMes} names. Version 3 pages
 * the online list: its login reply names only the caller among the online users, with their count.
 */
public record HelloMes(int version, String client) implements ClientMessage {
    /** The oldest version a server accepts. */
    public static final int MIN_VERSION = 2;
    /** The first version whose login reply leaves the online list to {@link OnlineListMes}. */
    public static final int PAGED_ONLINE_VERSION = 3;

    public static final int CURRENT_VERSION = PAGED_ONLINE_VERSION;

    public HelloMes {
        if (version < MIN_VERSION) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= " + MIN_VERSION + ")");
        }
        client = client == null ? "" : client;
    }
}
