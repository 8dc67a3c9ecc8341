package io.parley.protocol.message;

/** Extension: log in again with the resume token of an earlier {@link LoginResMes}, skipping the slow password hash. */
public record ResumeMes(int userId, String token) implements ClientMessage {
    public ResumeMes {
        Checks.userId("userId", userId);
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("token: must not be empty");
        }
    }

    @Override
    public String toString() {
        return "ResumeMes[userId=" + userId + "]";
    }
}
