package io.parley.protocol.message;

/** Extension: the first frame of a Parley-aware connection; opts it into every extension type. */
public record HelloMes(int version, String client) implements ClientMessage {
    public static final int CURRENT_VERSION = 2;

    public HelloMes {
        if (version < CURRENT_VERSION) {
            throw new IllegalArgumentException("version: " + version + " (expected: >= " + CURRENT_VERSION + ")");
        }
        client = client == null ? "" : client;
    }
}
