package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.RunningServer;
import io.parley.client.ClientListener;
import io.parley.client.ClientOptions;
import io.parley.client.LoginResult;
import io.parley.client.ParleyClient;
import io.parley.client.ParleyException;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SendAckMes;
import io.parley.server.ParleyServer;
import io.parley.server.ServerConfig;
import io.parley.server.store.redis.RedisServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client given two server addresses survives the death of the server it is on: it reconnects to the other
 * address by itself, resumes with its token, and its store-backed promises hold across the switch — every
 * send it made is stored once and acknowledged, every message sent to it meanwhile arrives once. Real
 * servers on one store: the embedded SQLite folder (the second server starts after the first has stopped)
 * or one test Redis.
 */
class ClientFailoverTest {
    private static final int BOB = 100;
    private static final int TOM = 200;
    private static final int IN_FLIGHT = 30;
    private static final int QUEUED = 5;
    private static final int WHILE_AWAY = 5;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @TempDir
    Path data;

    private final List<ParleyServer> servers = new ArrayList<>();
    private final List<Person> people = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (Person person : people) {
            person.client.close().get(10, TimeUnit.SECONDS);
        }
        for (ParleyServer server : servers) {
            server.close();
        }
    }

    @Test
    void onTheEmbeddedStoreAClientFailsOverToTheNextAddressAndNothingIsLostOrDoubled() throws Exception {
        failOverMidConversation(RunningServer.testConfig().withDataDir(data));
    }

    @Test
    void onRedisAClientFailsOverToAnotherNodeAndNothingIsLostOrDoubled() throws Exception {
        failOverMidConversation(RunningServer.testConfig().withDataDir(data).withRedisUri(redis.uri()));
    }

    @Test
    void aNodeThatRefusesTheResumeTokenEndsTheClientWithTheRefusal() throws Exception {
        int secondPort = freePort();
        ParleyServer first = start(RunningServer.testConfig().withDataDir(data.resolve("one")), 0);
        Person bob = reconnecting(List.of(address(first.port()), address(secondPort)));
        bob.register(BOB);
        CompletableFuture<SendAckMes> unacknowledged;

        first.close();
        await().atMost(WAIT).until(bob.client::isReconnecting);
        unacknowledged = bob.client.sendPrivate(BOB, "never stored");
        // Another store: another token key, and no user 100 at all.
        start(RunningServer.testConfig().withDataDir(data.resolve("two")), secondPort);

        await().atMost(WAIT).until(() -> bob.closes.size() == 1);
        assertThat(bob.closes.get(0))
                .isInstanceOf(ParleyException.class)
                .satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(403));
        assertThat(failureOf(unacknowledged)).isSameAs(bob.closes.get(0));
        assertThat(bob.reconnected).isEmpty();
        assertThat(bob.client.isReconnecting()).isFalse();
    }

    /**
     * Bob and tom chat on the first server; bob fires sends and the first server stops under them. While
     * bob has no server, he queues more sends and tom, on another server of the same store, writes to him.
     * Then a server comes up at bob's second address.
     */
    private void failOverMidConversation(ServerConfig store) throws Exception {
        int secondPort = freePort();
        ParleyServer first = start(store.withNodeId("first"), 0);
        InetSocketAddress firstAddress = address(first.port());
        InetSocketAddress secondAddress = address(secondPort);
        Person bob = reconnecting(List.of(firstAddress, secondAddress));
        bob.register(BOB);
        Person tom = person(ClientOptions.defaults());
        tom.client.connect(firstAddress).get(10, TimeUnit.SECONDS);
        tom.register(TOM);

        get(tom.client.sendPrivate(BOB, "t1"));
        get(bob.client.sendPrivate(TOM, "b1"));
        await().atMost(WAIT).until(() -> bob.texts().size() == 1 && tom.texts().size() == 1);
        List<CompletableFuture<SendAckMes>> sends = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            sends.add(bob.client.sendPrivate(TOM, "u" + i));
        }
        first.close();

        await().atMost(WAIT).until(bob.client::isReconnecting);
        for (int i = 0; i < QUEUED; i++) {
            sends.add(bob.client.sendPrivate(TOM, "q" + i));
        }
        ParleyServer side = start(store.withNodeId("side"), 0);
        tom.client.connect(address(side.port())).get(10, TimeUnit.SECONDS);
        assertThat(get(tom.client.login(TOM, "pw")).ok()).isTrue();
        for (int i = 0; i < WHILE_AWAY; i++) {
            get(tom.client.sendPrivate(BOB, "away" + i));
        }
        get(tom.client.close());
        side.close();
        assertThat(sends).noneMatch(CompletableFuture::isCompletedExceptionally);
        ParleyServer second = start(store.withNodeId("second"), secondPort);

        List<SendAckMes> acks = new ArrayList<>();
        for (CompletableFuture<SendAckMes> send : sends) {
            acks.add(get(send));
        }
        tom.client.connect(address(second.port())).get(10, TimeUnit.SECONDS);
        assertThat(get(tom.client.login(TOM, "pw")).ok()).isTrue();
        List<String> bobWrote = Stream.concat(
                        Stream.of("b1"),
                        Stream.concat(
                                IntStream.range(0, IN_FLIGHT).mapToObj(i -> "u" + i),
                                IntStream.range(0, QUEUED).mapToObj(i -> "q" + i)))
                .toList();
        List<String> tomWrote = Stream.concat(
                        Stream.of("t1"), IntStream.range(0, WHILE_AWAY).mapToObj(i -> "away" + i))
                .toList();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(bob.texts()).containsExactlyElementsOf(tomWrote);
            assertThat(tom.texts()).containsExactlyElementsOf(bobWrote);
        });
        List<ChatItem> stored = get(tom.client.history("inbox", 0, 200)).items();
        assertThat(stored).extracting(ChatItem::content).containsExactlyElementsOf(bobWrote);
        assertThat(acks)
                .extracting(SendAckMes::msgId)
                .containsExactlyElementsOf(stored.subList(1, stored.size()).stream()
                        .map(ChatItem::msgId)
                        .toList());
        assertThat(bob.reconnecting).hasSize(1);
        assertThat(bob.reconnected).containsExactly(secondAddress);
        assertThat(bob.closes).isEmpty();
        assertThat(bob.client.isConnected()).isTrue();
    }

    private ParleyServer start(ServerConfig config, int port) throws Exception {
        ParleyServer server = ParleyServer.start(config.withPort(port));
        servers.add(server);
        return server;
    }

    private Person reconnecting(List<InetSocketAddress> addresses) throws Exception {
        Person person = person(ClientOptions.defaults()
                .withReconnect(true)
                .withBackoff(Duration.ofMillis(20), Duration.ofMillis(200)));
        person.client.connect(addresses).get(10, TimeUnit.SECONDS);
        return person;
    }

    private Person person(ClientOptions options) {
        Person person = new Person(options);
        people.add(person);
        return person;
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** A loopback port nobody listens on now, for a server that starts later. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            get(future);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail, but it completed");
    }

    /** A user whose listener keeps what it hears, including the failover events. */
    private static final class Person implements ClientListener {
        final ParleyClient client;
        final List<PrivateDelivery> privates = new CopyOnWriteArrayList<>();
        final List<Throwable> reconnecting = new CopyOnWriteArrayList<>();
        final List<InetSocketAddress> reconnected = new CopyOnWriteArrayList<>();
        final List<Throwable> closes = new CopyOnWriteArrayList<>();

        Person(ClientOptions options) {
            client = new ParleyClient(options, this);
        }

        void register(int id) throws Exception {
            get(client.register(id, "pw", "user" + id));
            LoginResult login = get(client.login(id, "pw"));
            assertThat(login.ok()).as("login of %d: %s", id, login.error()).isTrue();
        }

        List<String> texts() {
            return privates.stream().map(PrivateDelivery::content).toList();
        }

        @Override
        public void onPrivate(PrivateDelivery message) {
            privates.add(message);
        }

        @Override
        public void onReconnecting(Throwable cause) {
            reconnecting.add(cause == null ? new IllegalStateException("closed in order") : cause);
        }

        @Override
        public void onReconnected(InetSocketAddress server) {
            reconnected.add(server);
        }

        @Override
        public void onClosed(Throwable cause) {
            closes.add(cause == null ? new IllegalStateException("closed in order") : cause);
        }
    }
}
