package io.parley.protocol.message;

/**
 * A client request answered with a {@link Response}, {@link OkMes} or {@link ErrorMes} carrying the same
 * {@code reqId}, so that a client with several requests out can tell which one an answer is for. The id is the
 * client's to choose, and may be absent (null): then only the request's type identifies it.
 *
 * <p>Not a subtype of {@link ClientMessage}: the records implement both, so that each stays one direct
 * subtype of the sealed message interface, as the wire type table is checked against.
 */
public sealed interface Request
        permits GroupCreateMes,
                GroupJoinMes,
                GroupLeaveMes,
                GroupListMes,
                GroupMembersMes,
                OnlineListMes,
                WatchMes,
                HistoryMes,
                LogoutAllMes,
                ChangePasswordMes {
    /** The client's id for this request, echoed in the answer; null when it sent none. */
    String reqId();
}
