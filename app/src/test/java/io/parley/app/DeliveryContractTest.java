package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.RunningServer;
import io.parley.client.ClientOptions;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SendAckMes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery contract of docs/protocol.md, end to end. */
class DeliveryContractTest {
    @TempDir
    Path data;
    RunningServer server;

    @BeforeEach
    void start() throws Exception {
        // Hundreds of messages at once from one user: beyond the default message rate, which is not what is tested.
        server = RunningServer.with(RunningServer.testConfig().withDataDir(data).withLoadTest(true));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aResendWithTheSameClientMsgIdIsStoredAndDeliveredOnce() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = ChatUser.online(server, 200)) {
            SendAckMes first = tom.client.sendPrivate(200, "once", "c-1").get(5, TimeUnit.SECONDS);
            SendAckMes again = tom.client.sendPrivate(200, "once", "c-1").get(5, TimeUnit.SECONDS);
            assertThat(first.duplicate()).isFalse();
            assertThat(again.duplicate()).isTrue();
            assertThat(again.msgId()).isEqualTo(first.msgId());
            tom.client.sendPrivate(200, "marker").get(5, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(bob.privateTexts()).containsExactly("once", "marker"));
            assertThat(bob.frames.stream().filter(f -> f instanceof PrivateDelivery p && p.msgId() == first.msgId()))
                    .hasSize(1);
            assertThat(bob.client.history("inbox", 0, 10).get(5, TimeUnit.SECONDS).items()).hasSize(2);
        }
    }

    @Test
    void whatWasNotAcknowledgedIsDeliveredAgainAfterReconnectAndWhatWasIsNot() throws Exception {
        ClientOptions manualAck = ClientOptions.defaults().withAutoAck(false);
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = new ChatUser(200, "pw-200", manualAck)) {
            bob.registerAndLogin(server);
            for (int i = 1; i <= 3; i++) {
                tom.client.sendPrivate(200, "m" + i).get(5, TimeUnit.SECONDS);
            }
            await().untilAsserted(() -> assertThat(bob.privates).hasSize(3));
            long secondSeq = bob.privates.get(1).seq();
            bob.client.ack("inbox", secondSeq).get(5, TimeUnit.SECONDS);
            bob.disconnect();

            try (ChatUser bobAgain = new ChatUser(200, "pw-200", manualAck)) {
                bobAgain.connect(server);
                assertThat(bobAgain.login().ok()).isTrue();
                await().untilAsserted(() -> assertThat(bobAgain.privateTexts()).containsExactly("m3"));
                assertThat(bobAgain.privates.get(0).msgId()).isEqualTo(bob.privates.get(2).msgId());
            }
        }
    }

    @Test
    void theSameClientDropsARedeliveredDuplicateByItsId() throws Exception {
        ClientOptions manualAck = ClientOptions.defaults().withAutoAck(false);
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = new ChatUser(200, "pw-200", manualAck)) {
            bob.registerAndLogin(server);
            tom.client.sendPrivate(200, "only once please").get(5, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(bob.privates).hasSize(1));
            bob.disconnect();
            bob.reconnect(server);
            await().untilAsserted(() -> assertThat(bob.frames.stream().filter(f -> f instanceof PrivateDelivery))
                    .hasSize(2));
            assertThat(bob.privates).hasSize(1);
        }
    }

    @Test
    void messagesArriveInTheOrderTheyWereStoredAcrossOfflineAndLive() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = new ChatUser(200, "pw-200")) {
            bob.connect(server);
            bob.client.register(200, "pw-200", "bob").get(5, TimeUnit.SECONDS);
            List<CompletableFuture<SendAckMes>> acks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                acks.add(tom.client.sendPrivate(200, "m" + i));
                if (i == 150) {
                    // Log in mid-stream: the backlog and the live tail must join without gap or reorder.
                    var unused = bob.client.login(200, "pw-200"); // how it went shows in what bob gets below
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(bob.privates).hasSize(300));
            assertThat(bob.privateTexts()).containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(i -> "m" + i).toList());
            List<Long> seqs = bob.privates.stream().map(PrivateDelivery::seq).toList();
            assertThat(seqs).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void manySendersToOneInboxAtOnceLoseNothingAndArriveInSeqOrder() throws Exception {
        try (ChatUser bob = ChatUser.online(server, 200); ChatUser a = ChatUser.online(server, 301);
             ChatUser b = ChatUser.online(server, 302); ChatUser c = ChatUser.online(server, 303)) {
            List<CompletableFuture<SendAckMes>> acks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                for (ChatUser sender : List.of(a, b, c)) {
                    acks.add(sender.client.sendPrivate(200, sender.id + ":" + i));
                }
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(bob.privates).hasSize(600));
            assertThat(bob.privates.stream().map(PrivateDelivery::seq).toList())
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 600).mapToObj(i -> (long) i).toList());
            for (ChatUser sender : List.of(a, b, c)) {
                assertThat(bob.privateTexts().stream().filter(t -> t.startsWith(sender.id + ":")).toList())
                        .as("one sender's messages keep the order it sent them")
                        .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> sender.id + ":" + i).toList());
            }
        }
    }

    @Test
    void aGroupMessageReachesOfflineMembersWhenTheyLogIn() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100)) {
            ChatUser bob = ChatUser.online(server, 200);
            tom.client.createGroup("dev").get(5, TimeUnit.SECONDS);
            bob.client.joinGroup("dev").get(5, TimeUnit.SECONDS);
            bob.disconnect();
            tom.client.sendGroup("dev", "g1").get(5, TimeUnit.SECONDS);
            tom.client.sendPrivate(200, "p1").get(5, TimeUnit.SECONDS);
            tom.client.sendGroup("dev", "g2").get(5, TimeUnit.SECONDS);
            try (ChatUser bobAgain = new ChatUser(200, "pw-200")) {
                bobAgain.connect(server);
                assertThat(bobAgain.login().ok()).isTrue();
                await().untilAsserted(() -> {
                    assertThat(bobAgain.groupTexts()).containsExactly("g1", "g2");
                    assertThat(bobAgain.privateTexts()).containsExactly("p1");
                });
            }
        }
    }

    @Test
    void aNewMemberIsNotHandedTheGroupsPastAsOfflineMessages() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100)) {
            tom.client.createGroup("dev").get(5, TimeUnit.SECONDS);
            tom.client.sendGroup("dev", "before you joined").get(5, TimeUnit.SECONDS);
            ChatUser bob = ChatUser.online(server, 200);
            bob.client.joinGroup("dev").get(5, TimeUnit.SECONDS);
            bob.disconnect();
            tom.client.sendGroup("dev", "after").get(5, TimeUnit.SECONDS);
            try (ChatUser bobAgain = new ChatUser(200, "pw-200")) {
                bobAgain.connect(server);
                bobAgain.login();
                await().untilAsserted(() -> assertThat(bobAgain.groupTexts()).containsExactly("after"));
            }
        }
    }
}
