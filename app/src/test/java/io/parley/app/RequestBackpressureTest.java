package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyServerExtension;
import io.parley.client.ClientOptions;
import io.parley.client.ParleyException;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.StatusCode;
import io.parley.server.transport.Backpressure;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A client that pipelines thousands of sends without waiting for their acknowledgements is not read from while
 * more than {@link Backpressure#maxRequestsInFlight()} of them wait on the store: TCP holds it back, the
 * server's memory does not grow with its flood, and every send it made is still acknowledged (or refused),
 * none lost; meanwhile a user at another address chats with bounded latency.
 */
class RequestBackpressureTest {
    private static final int FLOODER = 100;
    private static final int RECIPIENT = 200;
    private static final int BYSTANDER = 300;
    private static final int PEER = 400;
    private static final int PIPELINED = 3000;

    // --load-test lifts the per-user message rate, which would otherwise refuse the flood before the store sees
    // it; what is proven here is the bound on requests in flight (Backpressure.DEFAULTS), which it leaves in place.
    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension(config -> config.withLoadTest(true));

    final ListAppender<ILoggingEvent> pauses = new ListAppender<>();
    final Logger linkLog = (Logger) LoggerFactory.getLogger("io.parley.server.transport.ChannelLink");
    Level linkLevel;

    @BeforeEach
    void recordPauses() {
        linkLevel = linkLog.getLevel();
        linkLog.setLevel(Level.DEBUG);
        pauses.start();
        linkLog.addAppender(pauses);
    }

    @AfterEach
    void stopRecording() {
        linkLog.detachAppender(pauses);
        linkLog.setLevel(linkLevel);
    }

    @Test
    void aClientPipeliningThousandsOfSendsIsPausedLosesNoneAndOthersKeepChatting() throws Exception {
        try (ChatUser recipient = online(RECIPIENT, "127.0.0.4");
                ChatUser bystander = online(BYSTANDER, "127.0.0.3");
                ChatUser peer = online(PEER, "127.0.0.3");
                ChatUser flooder = new ChatUser(
                        FLOODER,
                        "pw-" + FLOODER,
                        ClientOptions.defaults().withRequestTimeout(Duration.ofSeconds(90)))) {
            connectFrom(flooder, "127.0.0.2");
            flooder.client.register(FLOODER, flooder.password, "flooder").get(10, TimeUnit.SECONDS);
            assertThat(flooder.login().ok()).isTrue();

            List<CompletableFuture<SendAckMes>> sends = new ArrayList<>(PIPELINED);
            for (int i = 0; i < PIPELINED; i++) {
                sends.add(flooder.client.sendPrivate(RECIPIENT, "flood " + i));
            }
            // While the flood is in the server's hands, someone at another address chats as usual.
            for (int i = 0; i < 5; i++) {
                long began = System.nanoTime();
                bystander.client.sendPrivate(PEER, "hello " + i).get(20, TimeUnit.SECONDS);
                int expected = i + 1;
                await().atMost(Duration.ofSeconds(20)).until(() -> peer.privates.size() >= expected);
                // Generous: the machine running the tests is shared, and leak detection is at paranoid.
                assertThat(Duration.ofNanos(System.nanoTime() - began))
                        .as("a bystander's message, sent to delivered")
                        .isLessThan(Duration.ofSeconds(20));
            }

            int acknowledged = 0;
            int refused = 0;
            List<String> storedTexts = new ArrayList<>();
            for (int i = 0; i < PIPELINED; i++) {
                try {
                    sends.get(i).get(90, TimeUnit.SECONDS);
                    storedTexts.add("flood " + i);
                    acknowledged++;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
                    assertThat(cause).isInstanceOf(ParleyException.class);
                    assertThat(((ParleyException) cause).code()).isEqualTo(StatusCode.UNAVAILABLE.code());
                    refused++;
                }
            }
            assertThat(acknowledged + refused).as("sends answered").isEqualTo(PIPELINED);
            int stored = acknowledged;
            await().atMost(Duration.ofSeconds(30)).until(() -> recipient.privates.size() >= stored);
            assertThat(recipient.privates)
                    .as("what the recipient got: every acknowledged send once")
                    .hasSize(acknowledged);
            assertThat(recipient.privateTexts())
                    .as("in the order they were sent")
                    .containsExactlyElementsOf(storedTexts);
            assertThat(pausesLogged()).as("the flooder's connection was paused").isNotEmpty();
            assertThat(flooder.client.isConnected()).as("paused, not cut off").isTrue();
            assertThat(bystander.client.isConnected()).isTrue();
        }
    }

    private ChatUser online(int id, String from) throws Exception {
        ChatUser user = new ChatUser(id, "pw-" + id);
        connectFrom(user, from);
        user.client.register(id, user.password, "user" + id).get(10, TimeUnit.SECONDS);
        assertThat(user.login().ok()).isTrue();
        return user;
    }

    private void connectFrom(ChatUser user, String address) throws Exception {
        user.client
                .connect(new InetSocketAddress(server.host(), server.port()), new InetSocketAddress(address, 0))
                .get(10, TimeUnit.SECONDS);
    }

    private List<String> pausesLogged() {
        synchronized (pauses) {
            return pauses.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(line -> line.startsWith("not reading from"))
                    .toList();
        }
    }
}
