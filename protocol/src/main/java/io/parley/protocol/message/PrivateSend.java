package io.parley.protocol.message;

/** Extension, wire type {@code PrivateMes} from a client: a message to one user. */
public record PrivateSend(int toUserId, String content, String clientMsgId) implements ClientMessage, ChatSend {
    public PrivateSend {
        Checks.userId("toUserId", toUserId);
        Checks.content(content);
        Checks.optionalId("clientMsgId", clientMsgId);
    }

    @Override
    public String toString() {
        return "PrivateMes[to=" + toUserId + ", clientMsgId=" + clientMsgId + ", length=" + content.length() + "]";
    }
}
