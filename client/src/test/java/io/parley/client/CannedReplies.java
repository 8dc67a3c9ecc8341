package io.parley.client;

import io.parley.client.ScriptedServer.Peer;
import io.parley.protocol.message.ChangePasswordMes;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupCreateMes;
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
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutAllMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.SmsMes;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed reply for every request, so tests can drive a client through a whole session: every login
 * succeeds except for password {@code "bad"}, ids above 900 are taken when registering, every send is
 * stored under the next message id. Nothing here models the real server's rules.
 */
public class CannedReplies implements ScriptedServer.Script {
    public static final String SERVER_NAME = "scripted";
    private final AtomicLong nextMsgId = new AtomicLong(100);

    /**
     * Answers as this class does, except that a request to create a group closes the connection: how tests make
     * a server vanish in the middle of a session, at a moment the client chose.
     */
    public static CannedReplies closingOnGroupCreate() {
        return new CannedReplies() {
            @Override
            public void onMessage(Peer peer, ClientMessage message) {
                if (message instanceof GroupCreateMes) {
                    peer.close();
                } else {
                    super.onMessage(peer, message);
                }
            }
        };
    }

    @Override
    public void onMessage(Peer peer, ClientMessage message) {
        if (message instanceof HelloMes) {
            peer.send(new HelloResMes(HelloMes.CURRENT_VERSION, SERVER_NAME, 65536, 4096, 0));
        } else if (message instanceof RegisterMes r) {
            peer.send(
                    r.user().userId() > 900
                            ? new RegisterResMes(505, "user id " + r.user().userId() + " is taken")
                            : new RegisterResMes(200, ""));
        } else if (message instanceof LoginMes l) {
            peer.send(
                    l.userPwd().equals("bad")
                            ? LoginResMes.failure(403, "wrong password")
                            : new LoginResMes(
                                    200, List.of(l.userId(), 200), "", "user" + l.userId(), "token-" + l.userId(), 2));
        } else if (message instanceof ResumeMes r) {
            peer.send(new LoginResMes(200, List.of(r.userId()), "", "user" + r.userId(), "token-2", 1));
        } else if (message instanceof PrivateSend p) {
            peer.send(ack(p.clientMsgId()));
        } else if (message instanceof GroupSend g) {
            peer.send(ack(g.clientMsgId()));
        } else if (message instanceof SmsMes s) {
            if (s.clientMsgId() != null) {
                peer.send(ack(s.clientMsgId()));
            }
        } else if (message instanceof GroupCreateMes c) {
            peer.send(new OkMes("GroupCreateMes", c.reqId(), c.group()));
        } else if (message instanceof GroupJoinMes j) {
            peer.send(new OkMes("GroupJoinMes", j.reqId(), j.group()));
        } else if (message instanceof GroupLeaveMes l) {
            peer.send(new OkMes("GroupLeaveMes", l.reqId(), l.group()));
        } else if (message instanceof GroupListMes l) {
            List<GroupInfo> all = List.of(new GroupInfo("dev", 2, true), new GroupInfo("ops", 1, false));
            peer.send(new GroupListResMes(l.reqId(), l.offset(), all.size(), page(all, l.offset(), l.limit())));
        } else if (message instanceof GroupMembersMes m) {
            List<Integer> all = List.of(100, 200);
            List<Integer> page = page(all, m.offset(), m.limit());
            peer.send(new GroupMembersResMes(
                    m.reqId(),
                    m.group(),
                    m.offset(),
                    all.size(),
                    page,
                    page.stream().filter(id -> id == 100).toList()));
        } else if (message instanceof OnlineListMes o) {
            peer.send(new OnlineListResMes(o.reqId(), o.offset(), 2, List.of(100, 200)));
        } else if (message instanceof HistoryMes h) {
            peer.send(new HistoryResMes(
                    h.reqId(),
                    h.log(),
                    List.of(new ChatItem(7, 1, 200, "jim", 100, null, "hello\nthere", 1_700_000_000_000L))));
        } else if (message instanceof PingMes p) {
            peer.send(new PongMes(p.ts()));
        } else if (message instanceof LogoutMes) {
            peer.close();
        } else if (message instanceof ChangePasswordMes c) {
            peer.send(
                    c.oldPwd().equals("bad")
                            ? new ErrorMes(403, "wrong password", "ChangePasswordMes", c.reqId(), null)
                            : new OkMes("ChangePasswordMes", c.reqId(), null, "token-after-password"));
        } else if (message instanceof LogoutAllMes l) {
            peer.send(new OkMes("LogoutAllMes", l.reqId(), null, "token-after-logout-all"));
        }
    }

    private SendAckMes ack(String clientMsgId) {
        return new SendAckMes(clientMsgId, nextMsgId.getAndIncrement(), 1_700_000_000_000L, false);
    }

    /** The part of {@code all} a page from {@code offset} of at most {@code limit} holds. */
    protected static <T> List<T> page(List<T> all, int offset, int limit) {
        int from = Math.min(offset, all.size());
        return all.subList(from, Math.min(all.size(), from + limit));
    }
}
