package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.parley.client.ScriptedServer.Peer;
import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.ResumeMes;
import io.parley.protocol.message.SendAckMes;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's failover against scripted servers: where it reconnects, how it resumes, and what happens to
 * the requests and sends of a connection that died. The end-to-end proof against real servers sharing a
 * store is the application's {@code ClientFailoverTest}.
 */
class FailoverTest {
    private static final long WAIT = 5;
    private static final ClientOptions RECONNECTING =
            ClientOptions.defaults().withReconnect(true).withBackoff(Duration.ofMillis(10), Duration.ofMillis(100));

    private final Recorder recorder = new Recorder();
    private final List<ScriptedServer> servers = new ArrayList<>();
    private ParleyClient client;

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close().get(WAIT, TimeUnit.SECONDS);
        }
        servers.forEach(ScriptedServer::close);
    }

    private ScriptedServer start(ScriptedServer.Script script) throws InterruptedException {
        ScriptedServer server = ScriptedServer.start(script);
        servers.add(server);
        return server;
    }

    /** An address where nothing listens any more. */
    private static InetSocketAddress deadAddress() throws InterruptedException {
        try (ScriptedServer gone = ScriptedServer.start((peer, message) -> {})) {
            return gone.address();
        }
    }

    private ParleyClient connected(ClientOptions options, InetSocketAddress... addresses) throws Exception {
        client = new ParleyClient(options, recorder);
        client.connect(List.of(addresses)).get(WAIT, TimeUnit.SECONDS);
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

    /** Canned replies, except that private messages are never acknowledged. */
    private static CannedReplies unacknowledging(List<String> received) {
        return new CannedReplies() {
            @Override
            public void onMessage(Peer peer, ClientMessage message) {
                if (message instanceof PrivateSend p) {
                    received.add(p.clientMsgId());
                } else {
                    super.onMessage(peer, message);
                }
            }
        };
    }

    /** Canned replies, except that the resume is answered only when the test says so. */
    private static final class HeldResume extends CannedReplies {
        final AtomicReference<Peer> resuming = new AtomicReference<>();
        final AtomicBoolean answered = new AtomicBoolean();
        final List<Boolean> sendsAfterTheAnswer = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(Peer peer, ClientMessage message) {
            if (message instanceof ResumeMes) {
                resuming.set(peer);
            } else {
                if (message instanceof PrivateSend) {
                    sendsAfterTheAnswer.add(answered.get());
                }
                super.onMessage(peer, message);
            }
        }

        void answer() {
            answered.set(true);
            resuming.get().send(new LoginResMes(200, List.of(100), "", "user100", "token-2", 1));
        }
    }

    /** The connection at {@code server} once the client has reconnected there, its {@code count}th time. */
    private Peer reconnected(ScriptedServer server, int count) throws InterruptedException {
        Peer peer = server.nextPeer();
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.reconnected.size() == count);
        return peer;
    }

    private static PrivateDelivery inbox(long seq) {
        return new PrivateDelivery(1000 + seq, seq, 200, "jim", 100, "m" + seq, 1L);
    }

    @Test
    void theFirstConnectWalksTheListToTheFirstServerThatAnswers() throws Exception {
        ScriptedServer live = start(new CannedReplies());

        connected(RECONNECTING, deadAddress(), live.address());

        assertThat(live.nextPeer().next(HelloMes.class)).isNotNull();
        assertThat(client.hello().server()).isEqualTo(CannedReplies.SERVER_NAME);
    }

    @Test
    void aLostConnectionMovesToTheNextAddressAndTheWalkWrapsAround() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer two = start(new CannedReplies());
        ScriptedServer three = start(new CannedReplies());
        connected(RECONNECTING, one.address(), two.address(), three.address());

        one.nextPeer().close();
        reconnected(two, 1).close();
        reconnected(three, 2).close();
        reconnected(one, 3);

        assertThat(recorder.reconnected).containsExactly(two.address(), three.address(), one.address());
        assertThat(recorder.reconnecting).containsExactly("null", "null", "null");
        assertThat(recorder.closes).isEmpty();
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void aDeadAddressIsSkippedUntilALiveOneAnswers() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer two = start(new CannedReplies());
        connected(RECONNECTING, one.address(), deadAddress(), deadAddress(), two.address());

        one.nextPeer().close();

        assertThat(two.nextPeer().next(HelloMes.class)).isNotNull();
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.reconnected.size() == 1);
        assertThat(recorder.reconnected).containsExactly(two.address());
    }

    @Test
    void afterAReconnectTheSessionIsResumedWithTheLatestTokenNeverThePassword() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer two = start(new CannedReplies());
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));
        Peer first = one.nextPeer();
        first.next(HelloMes.class);
        first.next(LoginMes.class);

        first.close();
        Peer second = two.nextPeer();
        second.next(HelloMes.class);
        ResumeMes resume = second.next(ResumeMes.class);
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.reconnected.size() == 1);
        second.close();
        Peer third = one.nextPeer();
        third.next(HelloMes.class);
        ResumeMes again = third.next(ResumeMes.class);

        assertThat(resume).isEqualTo(new ResumeMes(100, "token-100"));
        assertThat(again).isEqualTo(new ResumeMes(100, "token-2"));
        assertThat(client.userId()).isEqualTo(100);
    }

    @Test
    void aReconnectWritesItsResumeBehindTheHelloWithoutWaitingForTheHellosReply() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer silent = start((peer, message) -> {}); // answers nothing, not even the hello
        connected(RECONNECTING, one.address(), silent.address());
        get(client.login(100, "secret"));
        Peer first = one.nextPeer();
        first.next(HelloMes.class);
        first.next(LoginMes.class);

        first.close();
        Peer second = silent.nextPeer();

        second.next(HelloMes.class);
        assertThat(second.next(ResumeMes.class)).isEqualTo(new ResumeMes(100, "token-100"));
    }

    @Test
    void connectAndResumeWritesTheResumeBehindTheHelloAndCompletesWithTheLoginReply() throws Exception {
        ScriptedServer silent = start((peer, message) -> {});
        client = new ParleyClient(ClientOptions.defaults(), recorder);

        CompletableFuture<LoginResult> resumed = client.connectAndResume(silent.address(), null, 100, "token-100");
        Peer peer = silent.nextPeer();
        peer.next(HelloMes.class);
        assertThat(peer.next(ResumeMes.class)).isEqualTo(new ResumeMes(100, "token-100"));
        assertThat(resumed).isNotDone();
        peer.send(
                new HelloResMes(HelloMes.CURRENT_VERSION, "scripted", 65536, 4096, 0),
                new LoginResMes(200, List.of(100), "", "user100", "token-2", 1));

        LoginResult result = get(resumed);
        assertThat(result.ok()).isTrue();
        assertThat(result.userName()).isEqualTo("user100");
        assertThat(result.resumeToken()).isEqualTo("token-2");
        assertThat(client.userId()).isEqualTo(100);
    }

    @Test
    void connectAndResumeToAnAddressWhereNothingListensFails() throws Exception {
        client = new ParleyClient(ClientOptions.defaults(), recorder);

        assertThat(failureOf(client.connectAndResume(deadAddress(), null, 100, "token-100")))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void afterAPasswordChangeOrLogoutEverywhereTheReconnectResumesWithTheTokenOfThatReply() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer two = start(new CannedReplies());
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));
        get(client.changePassword("secret", "new"));
        Peer first = one.nextPeer();

        first.close();
        Peer second = two.nextPeer();
        second.next(HelloMes.class);
        ResumeMes resume = second.next(ResumeMes.class);
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.reconnected.size() == 1);
        get(client.logoutEverywhere());
        second.close();
        Peer third = one.nextPeer();
        third.next(HelloMes.class);
        ResumeMes again = third.next(ResumeMes.class);

        assertThat(resume).isEqualTo(new ResumeMes(100, "token-after-password"));
        assertThat(again).isEqualTo(new ResumeMes(100, "token-after-logout-all"));
    }

    @Test
    void unacknowledgedSendsAreSentAgainInOrderWithTheSameClientMsgIdAndCompleteFromTheNewServer() throws Exception {
        List<String> firstServerGot = new CopyOnWriteArrayList<>();
        ScriptedServer one = start(unacknowledging(firstServerGot));
        ScriptedServer two = start(new CannedReplies());
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));
        List<CompletableFuture<SendAckMes>> sends =
                List.of(client.sendPrivate(200, "a"), client.sendPrivate(200, "b"), client.sendPrivate(200, "c"));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> firstServerGot.size() == 3);

        one.nextPeer().close();
        Peer second = two.nextPeer();
        second.next(HelloMes.class);
        second.next(ResumeMes.class);
        List<String> resent = List.of(
                second.next(PrivateSend.class).clientMsgId(),
                second.next(PrivateSend.class).clientMsgId(),
                second.next(PrivateSend.class).clientMsgId());

        assertThat(resent).isEqualTo(firstServerGot);
        assertThat(List.of(get(sends.get(0)), get(sends.get(1)), get(sends.get(2))))
                .extracting(SendAckMes::clientMsgId, SendAckMes::msgId)
                .containsExactly(tuple(resent.get(0), 100L), tuple(resent.get(1), 101L), tuple(resent.get(2), 102L));
    }

    @Test
    void sendsMadeWhileReconnectingWaitAndGoOutAfterTheResumeInOrder() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        HeldResume held = new HeldResume();
        ScriptedServer two = start(held);
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));

        one.nextPeer().close();
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> held.resuming.get() != null);
        CompletableFuture<SendAckMes> first = client.sendPrivate(200, "while away 1");
        CompletableFuture<SendAckMes> second = client.sendPrivate(200, "while away 2");
        assertThat(client.isReconnecting()).isTrue();
        held.answer();

        assertThat(get(first).msgId()).isEqualTo(100);
        assertThat(get(second).msgId()).isEqualTo(101);
        assertThat(held.sendsAfterTheAnswer).containsExactly(true, true);
    }

    @Test
    void beyondTheQueueBoundASendMadeWhileReconnectingFailsAtOnceWithUnavailable() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        HeldResume held = new HeldResume();
        ScriptedServer two = start(held);
        connected(RECONNECTING.withMaxQueuedSends(2), one.address(), two.address());
        get(client.login(100, "secret"));

        one.nextPeer().close();
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> held.resuming.get() != null);
        CompletableFuture<SendAckMes> first = client.sendPrivate(200, "1");
        CompletableFuture<SendAckMes> second = client.sendPrivate(200, "2");
        CompletableFuture<SendAckMes> third = client.sendPrivate(200, "3");

        assertThat(failureOf(third))
                .isInstanceOf(ParleyException.class)
                .hasMessage("not connected, and 2 messages already wait to be sent")
                .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(503));
        held.answer();
        assertThat(get(first)).isNotNull();
        assertThat(get(second)).isNotNull();
    }

    @Test
    void requestsInFlightWhenTheConnectionDiesOrMadeWhileReconnectingFailWithUnavailable() throws Exception {
        ScriptedServer one = start(CannedReplies.closingOnGroupCreate());
        HeldResume held = new HeldResume();
        ScriptedServer two = start(held);
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));

        Throwable inFlight = failureOf(client.createGroup("dev"));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> held.resuming.get() != null);
        Throwable meanwhile = failureOf(client.joinGroup("dev"));
        held.answer();
        await().atMost(Duration.ofSeconds(WAIT)).until(client::isConnected);

        assertThat(inFlight)
                .isInstanceOf(ParleyException.class)
                .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(503))
                .hasMessageContaining("lost; reconnecting");
        assertThat(meanwhile)
                .isInstanceOf(ParleyException.class)
                .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(503))
                .hasMessage("not connected: reconnecting");
        assertThat(get(client.joinGroup("dev")).group()).isEqualTo("dev");
    }

    @Test
    void aRefusedResumeEndsTheClientAndFailsItsWaitingSendsWithTheRefusal() throws Exception {
        ScriptedServer one = start(unacknowledging(new CopyOnWriteArrayList<>()));
        ScriptedServer two = start((peer, message) -> {
            if (message instanceof HelloMes) {
                peer.send(new HelloResMes(2, "s", 65536, 4096, 0));
            } else if (message instanceof ResumeMes) {
                peer.send(LoginResMes.failure(403, "token expired"));
            }
        });
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));
        CompletableFuture<SendAckMes> unacknowledged = client.sendPrivate(200, "lost cause");
        Peer first = one.nextPeer();
        first.next(HelloMes.class);
        first.next(LoginMes.class);
        first.next(PrivateSend.class);

        first.close();

        assertThat(failureOf(unacknowledged))
                .isInstanceOf(ParleyException.class)
                .hasMessage("token expired");
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.closes.size() == 1);
        assertThat(recorder.closeCauses)
                .singleElement()
                .isInstanceOf(ParleyException.class)
                .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(403));
        assertThat(recorder.reconnecting).hasSize(1);
        assertThat(recorder.reconnected).isEmpty();
        assertThat(client.isReconnecting()).isFalse();
        assertThat(client.isConnected()).isFalse();
    }

    @Test
    void redeliveriesFromTheNewServerReachTheListenerOnceAndItsReceiptsGoThere() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer two = start(new CannedReplies() {
            @Override
            public void onMessage(Peer peer, ClientMessage message) {
                if (message instanceof ResumeMes) {
                    peer.send(new LoginResMes(200, List.of(100), "", "user100", "token-2", 1), inbox(2), inbox(3));
                } else {
                    super.onMessage(peer, message);
                }
            }
        });
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));
        Peer first = one.nextPeer();
        first.send(inbox(1), inbox(2));
        await().atMost(Duration.ofSeconds(WAIT)).until(() -> recorder.privates.size() == 2);

        first.close();
        Peer second = two.nextPeer();
        second.next(HelloMes.class);
        second.next(ResumeMes.class);

        assertThat(second.next(AckMes.class)).isEqualTo(new AckMes("inbox", 3));
        assertThat(recorder.privates).extracting(PrivateDelivery::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void heartbeatsGoOnOnTheNewConnection() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer two = start(new CannedReplies() {
            @Override
            public void onMessage(Peer peer, ClientMessage message) {
                if (message instanceof HelloMes) {
                    peer.send(new HelloResMes(HelloMes.CURRENT_VERSION, "two", 65536, 4096, 1));
                } else {
                    super.onMessage(peer, message);
                }
            }
        });
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));

        one.nextPeer().close();
        Peer second = two.nextPeer();
        second.next(HelloMes.class);
        second.next(ResumeMes.class);

        assertThat(second.next()).isInstanceOf(PingMes.class);
        assertThat(client.hello().server()).isEqualTo("two");
    }

    @Test
    void closingWhileReconnectingStopsForGoodAndFailsWaitingSends() throws Exception {
        ScriptedServer only = start(new CannedReplies());
        connected(RECONNECTING, only.address());
        get(client.login(100, "secret"));

        servers.remove(only);
        only.close();
        await().atMost(Duration.ofSeconds(WAIT)).until(client::isReconnecting);
        CompletableFuture<SendAckMes> waiting = client.sendPrivate(200, "never sent");
        get(client.close());

        assertThat(failureOf(waiting)).isInstanceOf(ClosedChannelException.class);
        assertThat(recorder.reconnecting).hasSize(1);
        assertThat(recorder.closes).containsExactly("null");
        assertThat(client.isReconnecting()).isFalse();
    }

    @Test
    void aClosedOrLoggedOutClientDoesNotReconnect() throws Exception {
        ScriptedServer one = start(new CannedReplies());
        ScriptedServer two = start(new CannedReplies());
        connected(RECONNECTING, one.address(), two.address());
        get(client.login(100, "secret"));

        get(client.logout());
        client.connect(List.of(one.address(), two.address())).get(WAIT, TimeUnit.SECONDS);
        get(client.close());

        assertThat(recorder.reconnecting).isEmpty();
        assertThat(recorder.closes).containsExactly("null", "null");
        assertThat(one.nextPeer()).isNotNull();
        assertThat(one.nextPeer()).isNotNull();
    }
}
