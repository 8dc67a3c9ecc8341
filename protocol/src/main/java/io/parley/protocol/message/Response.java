package io.parley.protocol.message;

/**
 * A server's answer to one {@link Request}, carrying its {@code reqId}: a client matches it to the request by
 * that id. {@link ErrorMes} carries the id too but is no response: it refuses a request rather than answer it.
 *
 * <p>Not a subtype of {@link ServerMessage}, for the reason given at {@link Request}.
 */
public sealed interface Response
        permits OkMes, GroupListResMes, GroupMembersResMes, OnlineListResMes, WatchResMes, HistoryResMes {
    /** The {@code reqId} of the request answered; null when the request had none. */
    String reqId();
}
