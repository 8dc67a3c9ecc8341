package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.StatusCode;
import io.parley.protocol.netty.Frames;
import io.parley.server.service.ServiceFixture.Client;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sending chat messages ({@link Messaging}) through the service's front door on a real SQLite store: what is
 * checked and refused, who gets what, with the sender the session's own user, and history.
 *
 * <p>"Nothing else arrived" is shown with a marker: a later message on the same path, after which the unwanted
 * one must not be found.
 */
class MessagingTest {
    private static final int TOM = 100;
    private static final int BOB = 200;
    private static final int ANN = 300;
    private static final int MAX_CONTENT = 4096;

    @TempDir
    Path data;

    private ServiceFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServiceFixture(data, Frames.DEFAULT_MAX_BODY, MAX_CONTENT);
        for (int id : List.of(TOM, BOB, ANN)) {
            fixture.register(id);
        }
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void aPrivateMessageCarriesTheAuthenticatedSenderAndReachesOnlyItsRecipient() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        Client ann = fixture.login(ANN);

        SendAckMes ack = tom.sendPrivate(BOB, "hi bob");

        PrivateDelivery got = bob.link.await(PrivateDelivery.class, d -> true);
        assertThat(got.msgId()).isEqualTo(ack.msgId());
        assertThat(got.fromUserId()).isEqualTo(TOM);
        assertThat(got.fromUserName()).isEqualTo("user" + TOM);
        assertThat(got.toUserId()).isEqualTo(BOB);
        assertThat(got.content()).isEqualTo("hi bob");
        bob.sendPrivate(ANN, "marker for ann");
        bob.sendPrivate(TOM, "marker for tom");
        ann.link.awaitCount(PrivateDelivery.class, 1);
        tom.link.awaitCount(PrivateDelivery.class, 1);
        assertThat(privateTexts(ann)).containsExactly("marker for ann");
        assertThat(privateTexts(tom)).containsExactly("marker for tom");
    }

    @Test
    void aPrivateMessageToAnUnknownUserIsRefusedWith404NamingTheUser() {
        Client tom = fixture.login(TOM);

        tom.send(new PrivateSend(987_654, "anyone?", "c-404"));

        ErrorMes refused = tom.link.await(ErrorMes.class, e -> "c-404".equals(e.clientMsgId()));
        assertThat(refused.code()).isEqualTo(404);
        assertThat(refused.reqType()).isEqualTo("PrivateMes");
        assertThat(refused.error()).contains("987654");
        assertThat(tom.link.all(SendAckMes.class)).isEmpty();
    }

    @Test
    void aGroupMessageToAnUnknownGroupIsRefusedWith404NamingTheGroup() {
        Client tom = fixture.login(TOM);

        tom.send(new GroupSend("no-such-group", "anyone?", "c-404g"));

        ErrorMes refused = tom.link.await(ErrorMes.class, e -> "c-404g".equals(e.clientMsgId()));
        assertThat(refused.code()).isEqualTo(404);
        assertThat(refused.reqType()).isEqualTo("GroupMes");
        assertThat(refused.error()).contains("no-such-group");
    }

    @Test
    void aGroupMessageFromANonMemberIsRefusedWith403AndReachesNoMember() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        Client ann = fixture.login(ANN);
        tom.createGroup("closed");
        bob.join("closed");

        ann.send(new GroupSend("closed", "let me in", "c-403"));

        ErrorMes refused = ann.link.await(ErrorMes.class, e -> "c-403".equals(e.clientMsgId()));
        assertThat(refused.code()).isEqualTo(403);
        assertThat(refused.reqType()).isEqualTo("GroupMes");
        assertThat(refused.error()).contains("closed");
        bob.sendGroup("closed", "marker");
        tom.link.awaitCount(GroupDelivery.class, 1);
        assertThat(tom.link.all(GroupDelivery.class))
                .extracting(GroupDelivery::content)
                .containsExactly("marker");
    }

    @Test
    void emptyContentIsRefusedWith400CarryingTheClientMsgId() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);

        tom.send(new SmsMes("", 0, "", "", 0, "", null, null, "c-e1"));

        ErrorMes refused = tom.link.await(ErrorMes.class, e -> "c-e1".equals(e.clientMsgId()));
        assertThat(refused.code()).isEqualTo(400);
        assertThat(refused.reqType()).isEqualTo("SmsMes");
        assertThat(refused.error()).contains("empty");
        tom.send(new SmsMes("marker", 0, "", "", 0, "", null, null, "c-e2"));
        bob.link.awaitCount(SmsMes.class, 1);
        assertThat(bob.link.all(SmsMes.class)).extracting(SmsMes::content).containsExactly("marker");
    }

    @Test
    void contentOverTheLimitInUtf8BytesIsRefusedWith413AndContentAtTheLimitIsDeliveredWhole() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);

        tom.send(new PrivateSend(BOB, "x".repeat(MAX_CONTENT + 1), "c-ascii"));
        // 1366 characters of 3 bytes each: 4098 bytes, though fewer characters than the limit.
        tom.send(new PrivateSend(BOB, "中".repeat(MAX_CONTENT / 3 + 1), "c-cjk"));
        tom.send(new SmsMes("x".repeat(MAX_CONTENT + 1), 0, "", "", 0, "", null, null, "c-sms"));

        for (String id : List.of("c-ascii", "c-cjk", "c-sms")) {
            ErrorMes refused = tom.link.await(ErrorMes.class, e -> id.equals(e.clientMsgId()));
            assertThat(refused.code()).as(id).isEqualTo(413);
            assertThat(refused.error()).as(id).contains(String.valueOf(MAX_CONTENT));
        }
        tom.sendPrivate(BOB, "y".repeat(MAX_CONTENT));
        bob.link.awaitCount(PrivateDelivery.class, 1);
        assertThat(bob.link.all(PrivateDelivery.class))
                .singleElement()
                .satisfies(d -> assertThat(d.content()).isEqualTo("y".repeat(MAX_CONTENT)));
        assertThat(bob.link.all(SmsMes.class)).isEmpty();
    }

    @Test
    void aResendWithTheSameClientMsgIdIsAcknowledgedAsADuplicateAndStoredAndDeliveredOnce() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);

        tom.send(new PrivateSend(BOB, "once", "c-1"));
        SendAckMes first = tom.link.await(SendAckMes.class, a -> "c-1".equals(a.clientMsgId()));
        tom.send(new PrivateSend(BOB, "once", "c-1"));
        tom.link.awaitCount(SendAckMes.class, 2);
        SendAckMes again = tom.link.all(SendAckMes.class).get(1);

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.msgId()).isEqualTo(first.msgId());
        tom.sendPrivate(BOB, "marker");
        bob.link.awaitCount(PrivateDelivery.class, 2);
        assertThat(privateTexts(bob)).containsExactly("once", "marker");
        bob.send(new HistoryMes("inbox", 0, 10, "h-1"));
        assertThat(bob.link
                        .await(HistoryResMes.class, h -> "h-1".equals(h.reqId()))
                        .items())
                .hasSize(2);
    }

    @Test
    void aBroadcastReachesEveryoneOnlineButTheSenderFromTheAuthenticatedSender() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        Client ann = fixture.login(ANN);

        // The sender fields a client fills in are replaced by the session's own user.
        tom.send(new SmsMes("hello everyone", 999, "secret", "mallory", 0, "", null, null, "c-b1"));

        SendAckMes ack = tom.link.await(SendAckMes.class, a -> "c-b1".equals(a.clientMsgId()));
        for (Client other : List.of(bob, ann)) {
            SmsMes got = other.link.await(SmsMes.class, m -> true);
            assertThat(got.content()).isEqualTo("hello everyone");
            assertThat(got.userId()).isEqualTo(TOM);
            assertThat(got.userName()).isEqualTo("user" + TOM);
            assertThat(got.userPwd()).isEmpty();
            assertThat(got.msgId()).isEqualTo(ack.msgId());
        }
        bob.send(new SmsMes("marker", 0, "", "", 0, "", null, null, "c-b2"));
        tom.link.awaitCount(SmsMes.class, 1);
        assertThat(tom.link.all(SmsMes.class)).extracting(SmsMes::content).containsExactly("marker");
    }

    @Test
    void manySendersToOneInboxLoseNothingTakeSeqsWithoutGapsAndKeepEachSendersOrder() {
        Client bob = fixture.login(BOB);
        List<Client> senders = List.of(fixture.login(TOM), fixture.login(ANN));
        int each = 150;
        for (int i = 0; i < each; i++) {
            for (Client sender : senders) {
                sender.send(new PrivateSend(BOB, sender.session.userId() + ":" + i, "c-" + i));
            }
        }

        bob.link.awaitCount(PrivateDelivery.class, 2 * each);
        List<PrivateDelivery> got = bob.link.all(PrivateDelivery.class);
        assertThat(got)
                .extracting(PrivateDelivery::seq)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, 2L * each).boxed().toList());
        for (Client sender : senders) {
            String prefix = sender.session.userId() + ":";
            assertThat(got.stream()
                            .map(PrivateDelivery::content)
                            .filter(t -> t.startsWith(prefix))
                            .toList())
                    .as("one sender's messages keep the order it sent them")
                    .containsExactlyElementsOf(
                            IntStream.range(0, each).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void aHistoryTheStoreCannotReadIsRefusedWithItsReqId(@TempDir Path other) throws Exception {
        Stores real = SqliteStores.open(other);
        HeldMessageStore messages = new HeldMessageStore(real.messages());
        try (ServiceFixture failing =
                new ServiceFixture(real.withMessages(messages), Frames.DEFAULT_MAX_BODY, MAX_CONTENT)) {
            failing.register(BOB);
            Client bob = failing.login(BOB);
            messages.holdReads();
            bob.send(new HistoryMes("inbox", 0, 10, "h-1"));
            bob.sync(); // the read now waits on the store
            messages.refuse(new IllegalStateException("the disk went away"));

            ErrorMes refused = bob.link.await(ErrorMes.class, e -> "h-1".equals(e.reqId()));
            assertThat(refused.code()).isEqualTo(StatusCode.UNAVAILABLE.code());
            assertThat(refused.reqType()).isEqualTo("HistoryMes");
        }
    }

    @Test
    void theInboxHistoryPagesBackFromTheOldestItemOfThePageBefore() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        for (int i = 1; i <= 5; i++) {
            tom.sendPrivate(BOB, "m" + i);
        }

        bob.send(new HistoryMes("inbox", 0, 3, "h-1"));
        List<ChatItem> newest = bob.link
                .await(HistoryResMes.class, h -> "h-1".equals(h.reqId()))
                .items();
        bob.send(new HistoryMes("inbox", newest.get(0).seq(), 10, "h-2"));
        List<ChatItem> before = bob.link
                .await(HistoryResMes.class, h -> "h-2".equals(h.reqId()))
                .items();

        assertThat(newest).extracting(ChatItem::content).containsExactly("m3", "m4", "m5");
        assertThat(before).extracting(ChatItem::content).containsExactly("m1", "m2");
    }

    @Test
    void aGroupsHistoryIsForItsMembersAndAnUnknownGroupsIsNotFound() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        tom.createGroup("dev");
        tom.sendGroup("dev", "members only");

        bob.send(new HistoryMes("group:dev", 0, 10, "h-403"));
        bob.send(new HistoryMes("group:nowhere", 0, 10, "h-404"));
        tom.send(new HistoryMes("group:dev", 0, 10, "h-ok"));

        assertThat(bob.link
                        .await(ErrorMes.class, e -> "h-403".equals(e.reqId()))
                        .code())
                .isEqualTo(403);
        assertThat(bob.link
                        .await(ErrorMes.class, e -> "h-404".equals(e.reqId()))
                        .code())
                .isEqualTo(404);
        assertThat(tom.link
                        .await(HistoryResMes.class, h -> "h-ok".equals(h.reqId()))
                        .items())
                .extracting(ChatItem::content)
                .containsExactly("members only");
        assertThat(bob.link.all(HistoryResMes.class)).isEmpty();
    }

    private static List<String> privateTexts(Client c) {
        return c.link.all(PrivateDelivery.class).stream()
                .map(PrivateDelivery::content)
                .toList();
    }
}
