package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.parley.client.ScriptedServer.Peer;
import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ChangePasswordMes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParleyClientTest {
    private static final long WAIT = 5;

    private final Recorder recorder = new Recorder();
    private ScriptedServer server;
    private ParleyClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close().get(WAIT, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    private ParleyClient connected(ScriptedServer.Script script, ClientOptions options) throws Exception {
        server = ScriptedServer.start(script);
        client = new ParleyClient(options, recorder);
        client.connect("127.0.0.1", server.port()).get(WAIT, TimeUnit.SECONDS);
        return client;
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(WAIT, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected the future to fail, got " + e);
        }
        throw new AssertionError("expected the future to fail, but it completed");
    }

    private static PrivateDelivery inbox(long seq) {
        return new PrivateDelivery(1000 + seq, seq, 200, "jim", 100, "m" + seq, 1L);
    }

    private static GroupDelivery dev(long seq) {
        return new GroupDelivery(2000 + seq, seq, "dev", 200, "jim", "g" + seq, 1L);
    }

    @Test
    void connectSaysHelloFirstAndCompletesWithTheServersAnswer() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults().withClientName("test-suite"));

        HelloMes hello = server.nextPeer().next(HelloMes.class);
        assertThat(hello.version()).isEqualTo(HelloMes.CURRENT_VERSION);
        assertThat(hello.client()).isEqualTo("test-suite");
        assertThat(client.hello().server()).isEqualTo(CannedReplies.SERVER_NAME);
    }

    @Test
    void aClientThatWantsTheOnlineListInItsLoginReplySaysHelloInVersion2() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults().withOnlineListInLogin(true));

        assertThat(server.nextPeer().next(HelloMes.class).version()).isEqualTo(HelloMes.MIN_VERSION);
    }

    @Test
    void legacyModeOpensWithTheRequestItselfLikeTheTutorialClient() throws Exception {
        server = ScriptedServer.start(new CannedReplies());
        client = new ParleyClient(ClientOptions.defaults().withLegacy(true), recorder);

        HelloResMes hello = get(client.connect("127.0.0.1", server.port()));
        get(client.register(100, "123456", "tom"));

        assertThat(hello).isNull();
        RegisterMes first = server.nextPeer().next(RegisterMes.class);
        assertThat(first.user().userName()).isEqualTo("tom");
    }

    @Test
    void legacyBroadcastCarriesNoClientMsgIdAndCompletesOnceWritten() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults().withLegacy(true));
        Peer peer = server.nextPeer();
        get(client.login(100, "123456"));
        peer.next(LoginMes.class);

        SendAckMes ack = get(client.broadcast("hello"));

        SmsMes sent = peer.next(SmsMes.class);
        assertThat(ack).isNull();
        assertThat(sent.clientMsgId()).isNull();
        assertThat(sent.userId()).isEqualTo(100);
        assertThat(sent.content()).isEqualTo("hello");
    }

    @Test
    void loginResultCarriesTheExtensionFieldsAndARefusalIsAResultNotAFailure() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());

        LoginResult refused = get(client.login(100, "bad"));
        LoginResult ok = get(client.login(100, "123456"));

        assertThat(refused.ok()).isFalse();
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("wrong password");
        assertThat(refused.online()).isEmpty();
        assertThat(ok.ok()).isTrue();
        assertThat(ok.online()).containsExactly(100, 200);
        assertThat(ok.userName()).isEqualTo("user100");
        assertThat(ok.resumeToken()).isEqualTo("token-100");
        assertThat(ok.onlineCount()).isEqualTo(2);
        assertThat(client.userId()).isEqualTo(100);
    }

    @Test
    void changePasswordSendsBothPasswordsWithAReqIdAndAWrongOldOneFailsWith403() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        get(client.login(100, "secret"));

        Throwable refused = failureOf(client.changePassword("bad", "new"));
        OkMes ok = get(client.changePassword("secret", "new"));

        assertThat(refused).isInstanceOf(ParleyException.class);
        assertThat(((ParleyException) refused).code()).isEqualTo(403);
        assertThat(ok.reqType()).isEqualTo("ChangePasswordMes");
        assertThat(ok.resumeToken()).isEqualTo("token-after-password");
        Peer peer = server.nextPeer();
        peer.next(HelloMes.class);
        peer.next(LoginMes.class);
        ChangePasswordMes sent = peer.next(ChangePasswordMes.class);
        assertThat(sent.oldPwd()).isEqualTo("bad");
        assertThat(sent.newPwd()).isEqualTo("new");
        assertThat(sent.reqId()).isNotNull();
    }

    @Test
    void logoutEverywhereCompletesWithTheServersOk() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        get(client.login(100, "secret"));

        OkMes ok = get(client.logoutEverywhere());

        assertThat(ok.reqType()).isEqualTo("LogoutAllMes");
        assertThat(ok.resumeToken()).isEqualTo("token-after-logout-all");
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void repliesAreMatchedByReqIdWhenTheServerAnswersOutOfOrder() throws Exception {
        List<GroupCreateMes> held = new ArrayList<>();
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof GroupCreateMes c) {
                        held.add(c);
                        if (held.size() == 2) {
                            peer.send(
                                    new OkMes(
                                            "GroupCreateMes",
                                            held.get(1).reqId(),
                                            held.get(1).group()),
                                    new OkMes(
                                            "GroupCreateMes",
                                            held.get(0).reqId(),
                                            held.get(0).group()));
                        }
                    }
                },
                ClientOptions.defaults());

        CompletableFuture<OkMes> first = client.createGroup("first");
        CompletableFuture<OkMes> second = client.createGroup("second");

        assertThat(get(first).group()).isEqualTo("first");
        assertThat(get(second).group()).isEqualTo("second");
    }

    @Test
    void listGroupsFetchesEveryPageFromWhereTheLastOneEndedAndWaitsOutA429() throws Exception {
        List<GroupInfo> all = IntStream.range(0, 250)
                .mapToObj(i -> new GroupInfo("g" + (1000 + i), i, i % 2 == 0))
                .toList();
        List<GroupListMes> asked = new CopyOnWriteArrayList<>();
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof GroupListMes l) {
                        asked.add(l);
                        if (asked.size() == 2) {
                            peer.send(new ErrorMes(429, "slow down", "GroupListMes", l.reqId(), null, 50L));
                        } else {
                            // Fewer than asked for, as a server cutting pages to its frame limit sends.
                            peer.send(new GroupListResMes(
                                    l.reqId(),
                                    l.offset(),
                                    all.size(),
                                    CannedReplies.page(all, l.offset(), Math.min(l.limit(), 37))));
                        }
                    }
                },
                ClientOptions.defaults());

        GroupListResMes joined = get(client.listGroups());

        assertThat(joined.groups()).containsExactlyElementsOf(all);
        assertThat(joined.total()).isEqualTo(250);
        assertThat(asked).extracting(GroupListMes::offset).containsExactly(0, 37, 37, 74, 111, 148, 185, 222);
    }

    @Test
    void groupMembersJoinsEveryPageAndTheOnlineOnesOfEach() throws Exception {
        List<Integer> all = IntStream.rangeClosed(1, 2500).boxed().toList();
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof GroupMembersMes m) {
                        List<Integer> page = CannedReplies.page(all, m.offset(), m.limit());
                        peer.send(new GroupMembersResMes(
                                m.reqId(),
                                m.group(),
                                m.offset(),
                                all.size(),
                                page,
                                page.stream().filter(id -> id % 1000 == 0).toList()));
                    }
                },
                ClientOptions.defaults());

        GroupMembersResMes joined = get(client.groupMembers("dev"));

        assertThat(joined.members()).containsExactlyElementsOf(all);
        assertThat(joined.online()).containsExactly(1000, 2000);
    }

    @Test
    void aServerFromBeforePagingAnswersWithEverythingAndATotalOfZeroAndIsAskedOnce() throws Exception {
        List<GroupListMes> asked = new CopyOnWriteArrayList<>();
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof GroupListMes l) {
                        asked.add(l);
                        peer.send(new GroupListResMes(l.reqId(), 0, 0, List.of(new GroupInfo("dev", 2, true))));
                    }
                },
                ClientOptions.defaults());

        assertThat(get(client.listGroups()).groups()).containsExactly(new GroupInfo("dev", 2, true));
        assertThat(asked).hasSize(1);
    }

    @Test
    void anErrorNamingAClientMsgIdFailsOnlyThatSend() throws Exception {
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof PrivateSend p) {
                        peer.send(
                                p.toUserId() == 404
                                        ? new ErrorMes(404, "no such user 404", "PrivateMes", null, p.clientMsgId())
                                        : new SendAckMes(p.clientMsgId(), 9, 1L, false));
                    }
                },
                ClientOptions.defaults());

        CompletableFuture<SendAckMes> refused = client.sendPrivate(404, "hi");
        CompletableFuture<SendAckMes> stored = client.sendPrivate(200, "hi");

        assertThat(failureOf(refused))
                .isInstanceOf(ParleyException.class)
                .hasMessage("no such user 404")
                .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(404));
        assertThat(get(stored).msgId()).isEqualTo(9);
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void anErrorNamingNoPendingRequestGoesToTheListener() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        Peer peer = server.nextPeer();

        peer.send(new ErrorMes(400, "bad ack", "AckMes", null, null));

        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.errors.size() == 1);
        assertThat(recorder.errors.get(0).error()).isEqualTo("bad ack");
    }

    @Test
    void resendingWithTheSameClientMsgIdSendsTheSameIdAndEachSendCompletes() throws Exception {
        LinkedBlockingQueue<String> stored = new LinkedBlockingQueue<>();
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof PrivateSend p) {
                        boolean duplicate = stored.contains(p.clientMsgId());
                        stored.add(p.clientMsgId());
                        peer.send(new SendAckMes(p.clientMsgId(), 77, 1L, duplicate));
                    }
                },
                ClientOptions.defaults());

        SendAckMes first = get(client.sendPrivate(200, "hi", "c-1"));
        SendAckMes again = get(client.sendPrivate(200, "hi", "c-1"));

        assertThat(stored).containsExactly("c-1", "c-1");
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.msgId()).isEqualTo(first.msgId());
    }

    @Test
    void generatedClientMsgIdsDifferBetweenClientInstances() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        Peer peer = server.nextPeer();
        peer.next(HelloMes.class);
        ParleyClient other = new ParleyClient(ClientOptions.defaults(), ClientListener.NONE);
        other.connect("127.0.0.1", server.port()).get(WAIT, TimeUnit.SECONDS);
        Peer otherPeer = server.nextPeer();
        otherPeer.next(HelloMes.class);

        get(client.sendPrivate(200, "a"));
        get(other.sendPrivate(200, "b"));
        get(other.close());

        assertThat(peer.next(PrivateSend.class).clientMsgId())
                .isNotEqualTo(otherPeer.next(PrivateSend.class).clientMsgId());
    }

    @Test
    void redeliveredMessagesReachTheListenerOnce() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        Peer peer = server.nextPeer();

        peer.send(inbox(1), inbox(2), dev(1));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.frames.size() == 4);
        peer.send(inbox(2), inbox(1), inbox(3), dev(1), dev(2));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.frames.size() == 9);

        assertThat(recorder.privates).extracting(PrivateDelivery::seq).containsExactly(1L, 2L, 3L);
        assertThat(recorder.groups).extracting(GroupDelivery::seq).containsExactly(1L, 2L);
    }

    @Test
    void aReadBurstIsAcknowledgedWithOneCumulativeReceiptPerLog() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        Peer peer = server.nextPeer();
        peer.next(HelloMes.class);
        List<ServerMessage> burst = new ArrayList<>();
        for (int seq = 1; seq <= 20; seq++) {
            burst.add(inbox(seq));
            if (seq <= 5) {
                burst.add(dev(seq));
            }
        }

        peer.send(burst.toArray(new ServerMessage[0]));

        long inboxAcked = 0;
        long devAcked = 0;
        int receipts = 0;
        while (inboxAcked < 20 || devAcked < 5) {
            AckMes ack = peer.next(AckMes.class);
            receipts++;
            if (ack.log().equals("inbox")) {
                assertThat(ack.seq()).isGreaterThan(inboxAcked);
                inboxAcked = ack.seq();
            } else {
                assertThat(ack.log()).isEqualTo("group:dev");
                assertThat(ack.seq()).isGreaterThan(devAcked);
                devAcked = ack.seq();
            }
        }
        assertThat(receipts).isLessThan(burst.size());
        assertThat(recorder.privates).hasSize(20);
    }

    @Test
    void withAutoAckOffOnlyTheCallersReceiptIsSent() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults().withAutoAck(false));
        Peer peer = server.nextPeer();
        peer.next(HelloMes.class);

        peer.send(inbox(1), inbox(2), inbox(3));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.privates.size() == 3);
        get(client.ack("inbox", 3));

        // Had the client acknowledged on its own, that receipt would have been sent before this one.
        assertThat(peer.next()).isEqualTo(new AckMes("inbox", 3));
    }

    @Test
    void aRequestWithNoReplyTimesOut() throws Exception {
        // Legacy, so that no hello has to beat the short timeout.
        connected(
                (peer, message) -> {},
                ClientOptions.defaults().withLegacy(true).withRequestTimeout(Duration.ofMillis(200)));

        assertThat(failureOf(client.createGroup("dev")))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("GroupCreateMes");
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void aLateLoginReplyIsConsumedByTheTimedOutLoginNotTakenForTheNextOne() throws Exception {
        List<LoginMes> held = new ArrayList<>();
        // Legacy, so that no hello has to beat the short timeout; a register first warms the path up.
        connected(
                (peer, message) -> {
                    if (message instanceof RegisterMes) {
                        peer.send(new RegisterResMes(200, ""));
                    } else if (message instanceof LoginMes l) {
                        held.add(l);
                        if (held.size() == 2) {
                            peer.send(
                                    LoginResMes.failure(403, "wrong password"),
                                    new LoginResMes(200, List.of(100), "", "tom", "t", 1));
                        }
                    }
                },
                ClientOptions.defaults().withLegacy(true).withRequestTimeout(Duration.ofMillis(500)));
        get(client.register(100, "123456", "tom"));

        CompletableFuture<LoginResult> first = client.login(100, "wrong");
        assertThat(failureOf(first)).isInstanceOf(TimeoutException.class);
        LoginResult second = client.login(100, "123456").get(WAIT, TimeUnit.SECONDS);

        assertThat(second.ok()).isTrue();
    }

    @Test
    void aLoginRefusedWithAnErrorFailsTheLogin() throws Exception {
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof LoginMes) {
                        peer.send(new ErrorMes(409, "already logged in", "LoginMes", null, null));
                    }
                },
                ClientOptions.defaults());

        assertThat(failureOf(client.login(100, "pw")))
                .isInstanceOf(ParleyException.class)
                .hasMessage("already logged in");
    }

    @Test
    void whenTheServerClosesPendingRequestsFailAndTheListenerHearsOnce() throws Exception {
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
                    } else if (message instanceof GroupCreateMes) {
                        peer.close();
                    }
                },
                ClientOptions.defaults());

        assertThat(failureOf(client.createGroup("dev"))).isInstanceOf(ClosedChannelException.class);
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> !client.isConnected());
        get(client.close());
        assertThat(recorder.closes).containsExactly("null");
        assertThat(failureOf(client.ping())).isInstanceOf(ClosedChannelException.class);
    }

    @Test
    void logoutSendsLogoutMesAndCompletesWhenTheServerHasClosed() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        Peer peer = server.nextPeer();
        peer.next(HelloMes.class);

        get(client.logout());

        assertThat(peer.next()).isInstanceOf(LogoutMes.class);
        assertThat(client.isConnected()).isFalse();
        assertThat(recorder.closes).hasSize(1);
    }

    @Test
    void aServerAskingForHeartbeatsGetsPingsFromAnIdleClientOncePerPeriodNotMoreOften() throws Exception {
        connected(
                (peer, message) -> {
                    if (message instanceof HelloMes) {
                        peer.send(new HelloResMes(2, "s", 65536, 4096, 1));
                    }
                },
                ClientOptions.defaults());
        Peer peer = server.nextPeer();
        peer.next(HelloMes.class);
        long helloAt = System.nanoTime();

        peer.next(PingMes.class);
        long firstPingAt = System.nanoTime();
        peer.next(PingMes.class);

        // The server announced 1 s. Pinging at half the period would put these near 500 ms; the slack below
        // 1 s is for this thread being late to take the earlier message off the queue.
        assertThat(TimeUnit.NANOSECONDS.toMillis(firstPingAt - helloAt)).isGreaterThanOrEqualTo(750);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - firstPingAt))
                .isGreaterThanOrEqualTo(750);
    }

    @Test
    void anUndecodableFrameIsReportedAndTheConnectionStaysUsable() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        Peer peer = server.nextPeer();

        peer.sendRawBody("{\"type\":\"PongMes\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.badFrames.size() == 1);
        assertThat(recorder.badFrames.get(0).type()).isEqualTo("PongMes");
        assertThat(get(client.ping())).isPositive();
    }

    @Test
    void aReconnectedClientStillDropsWhatItAlreadyDelivered() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        get(client.login(100, "pw"));
        Peer peer = server.nextPeer();
        peer.send(inbox(1), inbox(2));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.privates.size() == 2);
        get(client.close());

        get(client.connect("127.0.0.1", server.port()));
        get(client.login(100, "pw"));
        server.nextPeer().send(inbox(2), inbox(3));

        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.privates.size() == 3);
        assertThat(recorder.privates).extracting(PrivateDelivery::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anotherUsersLoginStartsWithAnEmptyMemory() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        get(client.login(100, "pw"));
        Peer peer = server.nextPeer();
        peer.send(inbox(5));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.privates.size() == 1);

        get(client.login(300, "pw"));
        peer.send(inbox(1));

        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.privates.size() == 2);
        assertThat(recorder.privates).extracting(PrivateDelivery::seq).containsExactly(5L, 1L);
    }

    @Test
    void connectingTwiceIsRefused() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());

        assertThat(failureOf(client.connect("127.0.0.1", server.port()))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aConnectionRefusedFailsConnect() throws Exception {
        server = ScriptedServer.start(new CannedReplies());
        int port = server.port();
        server.close();
        server = null;
        client = new ParleyClient(ClientOptions.defaults(), recorder);

        assertThat(failureOf(client.connect("127.0.0.1", port))).isInstanceOf(java.net.ConnectException.class);
        assertThat(recorder.closes).isEmpty();
    }

    @Test
    void invalidArgumentsThrowAtOnce() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());

        assertThatThrownBy(() -> client.sendGroup("no spaces", "hi")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.sendPrivate(200, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sentMessagesNameTheLoggedInSender() throws Exception {
        connected(new CannedReplies(), ClientOptions.defaults());
        Peer peer = server.nextPeer();
        get(client.login(100, "pw"));
        get(client.broadcast("hello all"));

        List<ClientMessage> sent = List.of(peer.next(), peer.next(), peer.next());
        SmsMes sms = (SmsMes) sent.get(2);
        assertThat(sms.userId()).isEqualTo(100);
        assertThat(sms.userName()).isEqualTo("user100");
        assertThat(sms.clientMsgId()).isNotNull();
    }
}
