package io.parley.protocol.message;

/**
 * A chat message from a client: to one user, to a group, or (the seed's {@code SmsMes}) to everyone online.
 * The server acknowledges a stored one with {@link SendAckMes}, or refuses it with {@link ErrorMes}, carrying
 * the same {@code clientMsgId}; sent again under that id, it is stored once.
 *
 * <p>Not a subtype of {@link ClientMessage}, for the reason given at {@link Request}.
 */
public sealed interface ChatSend permits PrivateSend, GroupSend, SmsMes {
    /** The text; checked against the server's content limit on arrival. */
    String content();

    /** The client's id for this message, the key of its acknowledgement and of deduplication; null when none. */
    String clientMsgId();
}
