package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.ParleyServerExtension;
import io.parley.client.LoginResult;
import io.parley.client.ParleyException;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OnlineListResMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.SendAckMes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The six features between Parley clients on one real server with the embedded store. */
class ParleyClientChatTest {
    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension();

    @Test
    void registeringATakenIdIsRefusedWith505() throws Exception {
        try (ChatUser tom = new ChatUser(100, "pw")) {
            tom.connect(server);
            assertThat(tom.client.register(100, "pw", "tom").get(5, TimeUnit.SECONDS).code()).isEqualTo(200);
            var again = tom.client.register(100, "other", "tom2").get(5, TimeUnit.SECONDS);
            assertThat(again.code()).isEqualTo(505);
            assertThat(again.error()).contains("100").contains("taken");
        }
    }

    @Test
    void loginListsOnlineUsersIncludingOneselfAndTellsOthers() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = new ChatUser(200, "pw-200")) {
            bob.connect(server);
            bob.client.register(200, "pw-200", "bob").get(5, TimeUnit.SECONDS);
            LoginResult login = bob.login();
            assertThat(login.online()).containsExactlyInAnyOrder(100, 200);
            assertThat(login.onlineCount()).isEqualTo(2);
            assertThat(login.userName()).isEqualTo("bob");
            await().untilAsserted(() -> assertThat(tom.statuses).contains(new NotifyUserStatusMes(200, 0)));
            assertThat(bob.statuses).noneMatch(s -> s.userId() == 200);
        }
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSeedCodes() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser mallory = new ChatUser(100, "guess")) {
            mallory.connect(server);
            assertThat(mallory.login().code()).isEqualTo(403);
            assertThat(mallory.client.login(999, "x").get(5, TimeUnit.SECONDS).code()).isEqualTo(500);
        }
    }

    @Test
    void aUserOnTwoDevicesGoesOfflineOnlyWhenTheLastLeaves() throws Exception {
        try (ChatUser watcher = ChatUser.online(server, 100)) {
            ChatUser phone = ChatUser.online(server, 200);
            ChatUser laptop = new ChatUser(200, "pw-200");
            laptop.connect(server);
            assertThat(laptop.login().ok()).isTrue();
            assertThat(watcher.statuses.stream().filter(s -> s.userId() == 200 && s.status() == 0).count())
                    .isEqualTo(1);
            phone.disconnect();
            OnlineListResMes page = watcher.client.onlineUsers(0, 100).get(5, TimeUnit.SECONDS);
            assertThat(page.userIds()).contains(200);
            assertThat(watcher.statuses).doesNotContain(new NotifyUserStatusMes(200, 1));
            laptop.disconnect();
            await().untilAsserted(() -> assertThat(watcher.statuses).contains(new NotifyUserStatusMes(200, 1)));
        }
    }

    @Test
    void theOnlineListPagesInIdOrder() throws Exception {
        try (ChatUser a = ChatUser.online(server, 30); ChatUser b = ChatUser.online(server, 10);
             ChatUser c = ChatUser.online(server, 20)) {
            OnlineListResMes first = a.client.onlineUsers(0, 2).get(5, TimeUnit.SECONDS);
            OnlineListResMes second = a.client.onlineUsers(2, 2).get(5, TimeUnit.SECONDS);
            assertThat(first.total()).isEqualTo(3);
            assertThat(first.userIds()).containsExactly(10, 20);
            assertThat(second.userIds()).containsExactly(30);
        }
    }

    @Test
    void aBroadcastReachesEveryoneOnlineButTheSender() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = ChatUser.online(server, 200);
             ChatUser ann = ChatUser.online(server, 300)) {
            SendAckMes ack = tom.client.broadcast("hello everyone").get(5, TimeUnit.SECONDS);
            assertThat(ack.msgId()).isPositive();
            await().untilAsserted(() -> {
                assertThat(bob.broadcasts).extracting(m -> m.content()).containsExactly("hello everyone");
                assertThat(ann.broadcasts).extracting(m -> m.userId()).containsExactly(100);
            });
            assertThat(bob.broadcasts.get(0).msgId()).isEqualTo(ack.msgId());
            assertThat(tom.broadcasts).isEmpty();
        }
    }

    @Test
    void aPrivateMessageCarriesTheAuthenticatedSenderAndReachesOnlyTheRecipient() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = ChatUser.online(server, 200);
             ChatUser ann = ChatUser.online(server, 300)) {
            SendAckMes ack = tom.client.sendPrivate(200, "hi bob").get(5, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(bob.privates).hasSize(1));
            PrivateDelivery got = bob.privates.get(0);
            assertThat(got.msgId()).isEqualTo(ack.msgId());
            assertThat(got.fromUserId()).isEqualTo(100);
            assertThat(got.fromUserName()).isEqualTo("user100");
            assertThat(got.toUserId()).isEqualTo(200);
            assertThat(got.content()).isEqualTo("hi bob");
            assertThat(ann.privates).isEmpty();
            assertThat(tom.privates).isEmpty();
        }
    }

    @Test
    void aPrivateMessageToAnUnknownUserIsRefusedWith404() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100)) {
            assertThatThrownBy(() -> tom.client.sendPrivate(4242, "anyone?").get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("no such user")
                    .cause().satisfies(e -> assertThat(((ParleyException) e).code()).isEqualTo(404));
        }
    }

    @Test
    void groupsCanBeCreatedJoinedListedMessagedAndLeft() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = ChatUser.online(server, 200);
             ChatUser ann = ChatUser.online(server, 300)) {
            tom.client.createGroup("dev").get(5, TimeUnit.SECONDS);
            bob.client.joinGroup("dev").get(5, TimeUnit.SECONDS);

            assertThat(ann.client.listGroups().get(5, TimeUnit.SECONDS).groups())
                    .containsExactly(new GroupInfo("dev", 2, false));
            GroupMembersResMes members = ann.client.groupMembers("dev").get(5, TimeUnit.SECONDS);
            assertThat(members.members()).containsExactly(100, 200);
            assertThat(members.online()).containsExactly(100, 200);

            tom.client.sendGroup("dev", "standup in 5").get(5, TimeUnit.SECONDS);
            await().untilAsserted(() -> assertThat(bob.groupTexts()).containsExactly("standup in 5"));
            assertThat(bob.groups.get(0).group()).isEqualTo("dev");
            assertThat(bob.groups.get(0).fromUserId()).isEqualTo(100);
            assertThat(tom.groups).isEmpty();

            assertThat(refusal(ann.client.sendGroup("dev", "let me in"))).isEqualTo(403);
            bob.client.leaveGroup("dev").get(5, TimeUnit.SECONDS);
            tom.client.sendGroup("dev", "after bob left").get(5, TimeUnit.SECONDS);
            HistoryResMes history = tom.client.history("group:dev", 0, 10).get(5, TimeUnit.SECONDS);
            assertThat(history.items()).extracting(i -> i.content()).containsExactly("standup in 5", "after bob left");
            assertThat(bob.groupTexts()).containsExactly("standup in 5");
            assertThat(ann.groups).isEmpty();
        }
    }

    @Test
    void creatingAnExistingGroupOrJoiningTwiceIsAConflict() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100)) {
            tom.client.createGroup("dev").get(5, TimeUnit.SECONDS);
            assertThat(refusal(tom.client.createGroup("dev"))).isEqualTo(409);
            assertThat(refusal(tom.client.joinGroup("dev"))).isEqualTo(409);
            assertThat(refusal(tom.client.joinGroup("nope"))).isEqualTo(404);
        }
    }

    @Test
    void theInboxHistoryListsPrivateMessagesOldestFirst() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = ChatUser.online(server, 200)) {
            for (int i = 1; i <= 5; i++) {
                tom.client.sendPrivate(200, "m" + i).get(5, TimeUnit.SECONDS);
            }
            HistoryResMes last3 = bob.client.history("inbox", 0, 3).get(5, TimeUnit.SECONDS);
            assertThat(last3.items()).extracting(i -> i.content()).containsExactly("m3", "m4", "m5");
            HistoryResMes before = bob.client.history("inbox", last3.items().get(0).seq(), 10).get(5, TimeUnit.SECONDS);
            assertThat(before.items()).extracting(i -> i.content()).containsExactly("m1", "m2");
        }
    }

    @Test
    void aResumeTokenFromOneLoginLogsInAgainWithoutThePasswordEvenAfterARestart() throws Exception {
        String token;
        try (ChatUser tom = ChatUser.online(server, 100)) {
            token = tom.login == null ? null : tom.login.resumeToken();
        }
        assertThat(token).isNotBlank();
        server.restart();
        try (ChatUser watcher = ChatUser.online(server, 200); ChatUser tom = new ChatUser(100, "not used")) {
            tom.connect(server);
            LoginResult resumed = tom.client.resume(100, token).get(5, TimeUnit.SECONDS);
            assertThat(resumed.ok()).isTrue();
            assertThat(resumed.userName()).isEqualTo("user100");
            assertThat(resumed.online()).contains(100, 200);
            await().untilAsserted(() -> assertThat(watcher.statuses).contains(new NotifyUserStatusMes(100, 0)));
        }
    }

    @Test
    void aResumeTokenOfAnotherUserIsRefused() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser mallory = new ChatUser(200, "x")) {
            mallory.connect(server);
            LoginResult refused = mallory.client.resume(200, tom.login.resumeToken()).get(5, TimeUnit.SECONDS);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.error()).contains("resume token");
        }
    }

    /** The status code a request was refused with. */
    static int refusal(CompletableFuture<?> request) {
        ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                () -> request.get(5, TimeUnit.SECONDS));
        assertThat(failed).as("the request was refused").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(ParleyException.class);
        return ((ParleyException) failed.getCause()).code();
    }

    @Test
    void historyOfAGroupIsForMembersAndOfAnUnknownGroupIsNotFound() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100); ChatUser bob = ChatUser.online(server, 200)) {
            tom.client.createGroup("dev").get(5, TimeUnit.SECONDS);
            assertThat(refusal(bob.client.history("group:dev", 0, 10))).isEqualTo(403);
            assertThat(refusal(bob.client.history("group:nowhere", 0, 10))).isEqualTo(404);
        }
    }

    @Test
    void pingIsAnsweredBeforeAndAfterLogin() throws Exception {
        try (ChatUser tom = new ChatUser(100, "pw")) {
            tom.connect(server);
            assertThat(tom.client.ping().get(5, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
