package io.parley.protocol.message;

/** Seed type: create an account. Values are checked by the server, which answers 506 with a reason. */
public record RegisterMes(User user) implements ClientMessage {
    public RegisterMes {
        if (user == null) {
            throw new IllegalArgumentException("user: missing");
        }
    }
}
