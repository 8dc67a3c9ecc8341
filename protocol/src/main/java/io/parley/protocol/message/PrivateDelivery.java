package io.parley.protocol.message;

/**
 * Extension, wire type {@code PrivateMes} from the server: a message to the receiving user. {@code seq} is
 * the message's position in the recipient's inbox log, acknowledged with {@code AckMes {"log":"inbox"}}.
 */
public record PrivateDelivery(
        long msgId, long seq, int fromUserId, String fromUserName, int toUserId, String content, long sentAt)
        implements ServerMessage {
    @Override
    public String toString() {
        return "PrivateMes[msgId=" + msgId + ", seq=" + seq + ", from=" + fromUserId + ", to=" + toUserId + "]";
    }
}
