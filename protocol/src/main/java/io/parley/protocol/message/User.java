package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The seed's user object, as carried inside {@code RegisterMes}. Status 0 online, 1 offline, 2 busy. */
@JsonPropertyOrder({"userId", "userPwd", "userName", "userStatus", "sex"})
public record User(int userId, String userPwd, String userName, int userStatus, String sex) {
    public User {
        userPwd = userPwd == null ? "" : userPwd;
        userName = userName == null ? "" : userName;
        sex = sex == null ? "" : sex;
    }

    @Override
    public String toString() {
        // RegisterMes prints its user: never let the password reach a log line through toString().
        return "User[userId=" + userId + ", userName=" + userName + ", userStatus=" + userStatus + ", sex=" + sex + "]";
    }
}
