package io.parley.protocol.message;

/** A message a server sends to a client. */
public sealed interface ServerMessage
        permits RegisterResMes,
                LoginResMes,
                NotifyUserStatusMes,
                SmsMes,
                HelloResMes,
                PrivateDelivery,
                GroupDelivery,
                SendAckMes,
                ErrorMes,
                OkMes,
                GroupListResMes,
                GroupMembersResMes,
                OnlineListResMes,
                PongMes,
                HistoryResMes,
                WatchResMes {}
