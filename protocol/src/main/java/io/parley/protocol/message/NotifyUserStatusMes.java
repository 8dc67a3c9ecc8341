package io.parley.protocol.message;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Seed type: a user came online (0), went offline (1) or is busy (2). */
@JsonPropertyOrder({"userId", "status"})
public record NotifyUserStatusMes(int userId, int status) implements ServerMessage {
    public static final int ONLINE = 0;
    public static final int OFFLINE = 1;
    public static final int BUSY = 2;
}
