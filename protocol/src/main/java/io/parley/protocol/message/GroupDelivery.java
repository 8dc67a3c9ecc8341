package io.parley.protocol.message;

/**
 * Extension, wire type {@code GroupMes} from the server. {@code seq} is the position in the group's log,
 * acknowledged with {@code AckMes {"log":"group:<name>"}}.
 */
public record GroupDelivery(
        long msgId, long seq, String group, int fromUserId, String fromUserName, String content, long sentAt)
        implements ServerMessage {
    @Override
    public String toString() {
        return "GroupMes[msgId=" + msgId + ", seq=" + seq + ", group=" + group + ", from=" + fromUserId + "]";
    }
}
