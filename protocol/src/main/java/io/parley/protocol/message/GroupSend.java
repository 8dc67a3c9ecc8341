package io.parley.protocol.message;

/** Extension, wire type {@code GroupMes} from a client: a message to every member of a group. */
public record GroupSend(String group, String content, String clientMsgId) implements ClientMessage, ChatSend {
    public GroupSend {
        Checks.group(group);
        Checks.content(content);
        Checks.optionalId("clientMsgId", clientMsgId);
    }

    @Override
    public String toString() {
        return "GroupMes[group=" + group + ", clientMsgId=" + clientMsgId + ", length=" + content.length() + "]";
    }
}
