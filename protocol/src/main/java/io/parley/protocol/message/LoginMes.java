package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Seed type: log in with a user id and password; the tutorial client sends {@code userName} empty. */
@JsonPropertyOrder({"userId", "userPwd", "userName"})
public record LoginMes(int userId, String userPwd, String userName) implements ClientMessage {
    public LoginMes {
        userPwd = userPwd == null ? "" : userPwd;
        userName = userName == null ? "" : userName;
    }

    @Override
    public String toString() {
        // Never let a password reach a log line through toString().
        return "LoginMes[userId=" + userId + "]";
    }
}
