package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.net.InetSocketAddress;
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
            assertThat(tom.client
                            .register(100, "pw", "tom")
                            .get(5, TimeUnit.SECONDS)
                            .code())
                    .isEqualTo(200);
            var again = tom.client.register(100, "other", "tom2").get(5, TimeUnit.SECONDS);
            assertThat(again.code()).isEqualTo(505);
            assertThat(again.error()).contains("100").contains("taken");
        }
    }

    @Test
    void groupsCanBeCreatedJoinedListedMessagedAndLeft() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser bob = ChatUser.online(server, 200);
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
    void aResumeTokenFromOneLoginLogsInAgainWithoutThePasswordEvenAfterARestart() throws Exception {
        String token;
        try (ChatUser tom = ChatUser.online(server, 100)) {
            token = tom.login == null ? null : tom.login.resumeToken();
        }
        assertThat(token).isNotBlank();
        server.restart();
        try (ChatUser watcher = ChatUser.online(server, 200);
                ChatUser tom = new ChatUser(100, "not used")) {
            tom.connect(server);
            LoginResult resumed = tom.client.resume(100, token).get(5, TimeUnit.SECONDS);
            assertThat(resumed.ok()).isTrue();
            assertThat(resumed.userName()).isEqualTo("user100");
            assertThat(resumed.online()).containsExactly(100);
            assertThat(resumed.onlineCount()).isEqualTo(2);
            assertThat(tom.client.onlineUsers(0, 10).get(5, TimeUnit.SECONDS).userIds())
                    .containsExactly(100, 200);
            await().untilAsserted(() -> assertThat(watcher.statuses).contains(new NotifyUserStatusMes(100, 0)));
        }
    }

    @Test
    void connectAndResumeLogsInAgainWithTheResumeBehindTheHelloAndTheBacklogFollows() throws Exception {
        String token;
        try (ChatUser tom = ChatUser.online(server, 100)) {
            token = tom.login.resumeToken();
        }
        try (ChatUser bob = ChatUser.online(server, 200);
                ChatUser tom = new ChatUser(100, "not used")) {
            bob.client.sendPrivate(100, "while you were away").get(5, TimeUnit.SECONDS);

            LoginResult resumed = tom.client
                    .connectAndResume(new InetSocketAddress(server.host(), server.port()), null, 100, token)
                    .get(5, TimeUnit.SECONDS);

            assertThat(resumed.ok()).isTrue();
            assertThat(resumed.userName()).isEqualTo("user100");
            await().untilAsserted(() -> assertThat(tom.privateTexts()).containsExactly("while you were away"));
        }
        try (ChatUser forger = new ChatUser(100, "not used")) {
            LoginResult refused = forger.client
                    .connectAndResume(new InetSocketAddress(server.host(), server.port()), null, 100, "forged")
                    .get(5, TimeUnit.SECONDS);
            assertThat(refused.ok()).isFalse();
        }
    }

    @Test
    void aResumeTokenOfAnotherUserIsRefused() throws Exception {
        try (ChatUser tom = ChatUser.online(server, 100);
                ChatUser mallory = new ChatUser(200, "x")) {
            mallory.connect(server);
            LoginResult refused =
                    mallory.client.resume(200, tom.login.resumeToken()).get(5, TimeUnit.SECONDS);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.error()).contains("resume token");
        }
    }

    /** The status code a request was refused with. */
    static int refusal(CompletableFuture<?> request) {
        ExecutionException failed =
                catchThrowableOfType(ExecutionException.class, () -> request.get(5, TimeUnit.SECONDS));
        assertThat(failed).as("the request was refused").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(ParleyException.class);
        return ((ParleyException) failed.getCause()).code();
    }
}
