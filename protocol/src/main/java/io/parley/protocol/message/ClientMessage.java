package io.parley.protocol.message;

/** A message a client sends to a server. */
public sealed interface ClientMessage
        permits RegisterMes,
                LoginMes,
                SmsMes,
                HelloMes,
                ResumeMes,
                PrivateSend,
                GroupSend,
                GroupCreateMes,
                GroupJoinMes,
                GroupLeaveMes,
                GroupListMes,
                GroupMembersMes,
                OnlineListMes,
                AckMes,
                PingMes,
                HistoryMes,
                LogoutMes,
                WatchMes,
                LogoutAllMes,
                ChangePasswordMes {}
