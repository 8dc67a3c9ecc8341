package io.parley.protocol;

import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ChangePasswordMes;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupLeaveMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LogNames;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutAllMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.message.User;
import io.parley.protocol.message.WatchMes;
import io.parley.protocol.message.WatchResMes;
import java.util.List;

/**
 * One or more well-formed records of every wire type, per direction, with optional fields both set and
 * absent. Shared by the codec and pipeline round trips; {@code ExtensionRoundTripTest} checks that they
 * cover every entry of the wire type table.
 */
public final class SampleMessages {
    private SampleMessages() {}

    public static List<ClientMessage> clientMessages() {
        return List.of(
                new RegisterMes(new User(100, "pw", "tom", 0, "m")),
                new LoginMes(100, "pw", "tom"),
                new SmsMes("hi all", 100, "", "", 0, "", null, null, "c-1"),
                SmsMes.seed("hi all", 100, "tom"),
                new HelloMes(HelloMes.CURRENT_VERSION, "parley-cli/1.0"),
                new ResumeMes(100, "token-abc"),
                new PrivateSend(200, "hey", "c-2"),
                new PrivateSend(200, "hey", null),
                new GroupSend("team.a-1_b", "hello group", "c-3"),
                new GroupCreateMes("team", "r1"),
                new GroupJoinMes("team", null),
                new GroupLeaveMes("team", "r3"),
                new GroupListMes("r4"),
                new GroupListMes(null),
                new GroupListMes("r10", 100, 50),
                new GroupMembersMes("team", "r5"),
                new GroupMembersMes("team", "r11", 1000, 10),
                new OnlineListMes(0, 100, "r6"),
                new WatchMes(List.of(200, 300), "r9"),
                new AckMes(LogNames.group("team"), 17),
                new AckMes(LogNames.INBOX, Long.MAX_VALUE),
                new PingMes(1_700_000_000_123L),
                new HistoryMes("inbox", 50, 20, "r7"),
                new HistoryMes("group:team", 0, HistoryMes.MAX_LIMIT, null),
                new LogoutMes(),
                new LogoutAllMes("r10"),
                new LogoutAllMes(null),
                new ChangePasswordMes("old-pw", "new-pw", "r11"));
    }

    public static List<ServerMessage> serverMessages() {
        long now = 1_700_000_000_000L;
        return List.of(
                new RegisterResMes(200, ""),
                new LoginResMes(200, List.of(100, 200), "", "tom", "tok", 2),
                LoginResMes.failure(403, "wrong password"),
                new NotifyUserStatusMes(200, NotifyUserStatusMes.BUSY),
                new SmsMes("hi", 100, "", "tom", 0, "", 5L, now, null),
                new HelloResMes(2, "parley/1.0", 65_536, 4_096, 30),
                new PrivateDelivery(9, 3, 100, "tom", 200, "hey", now),
                new GroupDelivery(10, 4, "team", 100, "tom", "hello group", now + 1),
                new SendAckMes("c-2", 9, now, false),
                new SendAckMes(null, 9, now, true),
                new ErrorMes(404, "no such group", "GroupJoinMes", "r2", "c-9"),
                ErrorMes.of(StatusCode.BAD_REQUEST, "bad frame"),
                new OkMes("GroupCreateMes", "r1", "team"),
                new OkMes(null, null, null),
                new OkMes("ChangePasswordMes", "r11", null, "tok-2"),
                new GroupListResMes(
                        "r4", 0, 2, List.of(new GroupInfo("team", 3, true), new GroupInfo("zoo", 1, false))),
                new GroupListResMes(null, 0, 0, List.of()),
                new GroupListResMes("r10", 100, 101, List.of(new GroupInfo("zoo", 1, false))),
                new GroupMembersResMes("r5", "team", 0, 3, List.of(100, 200, 300), List.of(100)),
                new GroupMembersResMes("r11", "team", 1000, 1001, List.of(5000), List.of()),
                new OnlineListResMes("r6", 0, 2, List.of(100, 200)),
                new WatchResMes("r9", List.of(200)),
                new PongMes(1_700_000_000_123L),
                new HistoryResMes(
                        "r7",
                        "inbox",
                        List.of(
                                new ChatItem(9, 3, 100, "tom", 200, null, "hey", now),
                                new ChatItem(10, 4, 100, "tom", 0, "team", "hello", now + 1))));
    }
}
