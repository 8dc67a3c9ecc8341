package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.HistoryMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.LogoutMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OnlineListMes;
import io.parley.protocol.message.PingMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.User;
import io.parley.protocol.netty.Frames;
import io.parley.server.service.ServiceFixture.Client;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's front door ({@link ChatService#handle}): which requests a connection may make in which state,
 * what a login replies and announces, and what a refusal looks like on each kind of connection.
 */
class RequestRoutingTest {
    private static final int TOM = 100;
    private static final int BOB = 200;
    private static final int ANN = 300;

    @TempDir
    Path data;

    private ServiceFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new ServiceFixture(data, Frames.DEFAULT_MAX_BODY, 4096);
        for (int id : List.of(TOM, BOB, ANN)) {
            fixture.register(id);
        }
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void requestsBeforeLoginAreRefusedWith401NamingTheRequestAndItsIds() {
        Client c = hello();

        c.send(new GroupJoinMes("dev", "r-8"));
        ErrorMes join = c.link.next(ErrorMes.class);
        assertThat(join.code()).isEqualTo(401);
        assertThat(join.reqType()).isEqualTo("GroupJoinMes");
        assertThat(join.reqId()).isEqualTo("r-8");

        c.send(new PrivateSend(BOB, "hi", "c-8"));
        ErrorMes send = c.link.next(ErrorMes.class);
        assertThat(send.code()).isEqualTo(401);
        assertThat(send.reqType()).isEqualTo("PrivateMes");
        assertThat(send.clientMsgId()).isEqualTo("c-8");

        Map<String, ClientMessage> others = Map.of(
                "SmsMes", new SmsMes("hi", 0, "", "", 0, "", null, null, "c-9"),
                "HistoryMes", new HistoryMes("inbox", 0, 10, null),
                "OnlineListMes", new OnlineListMes(0, 10, null),
                "GroupListMes", new GroupListMes(null),
                "AckMes", new AckMes("inbox", 1),
                "LogoutMes", new LogoutMes());
        others.forEach((type, request) -> {
            c.send(request);
            ErrorMes refused = c.link.next(ErrorMes.class);
            assertThat(refused.code()).as(type).isEqualTo(401);
            assertThat(refused.reqType()).as(type).isEqualTo(type);
        });
        c.send(new PingMes(7));
        assertThat(c.link.next(PongMes.class).ts()).isEqualTo(7);
    }

    @Test
    void aTutorialConnectionsRequestBeforeLoginIsAnsweredWithANoticeFromUserZero() {
        Client c = fixture.connect();

        c.send(new SmsMes("who am I?", 0, "", "", 0, "", null, null, null));

        SmsMes notice = c.link.next(SmsMes.class);
        assertThat(notice.userId()).isZero();
        assertThat(notice.content()).startsWith("error 401: ");
    }

    @Test
    void pingIsAnsweredBeforeAndAfterLogin() {
        Client c = hello();
        c.send(new PingMes(1));
        assertThat(c.link.next(PongMes.class).ts()).isEqualTo(1);

        c.send(new LoginMes(TOM, "pw", ""));
        assertThat(c.link.next(LoginResMes.class).code()).isEqualTo(200);
        c.send(new PingMes(2));
        assertThat(c.link.next(PongMes.class).ts()).isEqualTo(2);
    }

    @Test
    void helloAfterTheFirstFrameIsRefusedWith400AndTheConnectionGoesOn() {
        Client c = hello();

        c.send(new HelloMes(HelloMes.CURRENT_VERSION, "again"));

        ErrorMes refused = c.link.next(ErrorMes.class);
        assertThat(refused.code()).isEqualTo(400);
        assertThat(refused.reqType()).isEqualTo("HelloMes");
        c.send(new PingMes(3));
        assertThat(c.link.next(PongMes.class).ts()).isEqualTo(3);
    }

    @Test
    void helloAfterTheFirstFrameLeavesATutorialConnectionTutorial() {
        Client c = fixture.connect();
        c.send(new RegisterMes(new User(400, "pw", "user400", 0, "")));
        assertThat(c.link.next(RegisterResMes.class).code()).isEqualTo(200);

        c.send(new HelloMes(HelloMes.CURRENT_VERSION, "late"));

        SmsMes notice = c.link.next(SmsMes.class);
        assertThat(notice.content()).startsWith("error 400: ").contains("HelloMes");
        c.send(new LoginMes(400, "pw", ""));
        LoginResMes login = c.link.next(LoginResMes.class);
        assertThat(login.code()).isEqualTo(200);
        assertThat(login.userName())
                .as("a tutorial connection's login reply has the seed's fields only")
                .isNull();
        assertThat(login.resumeToken()).isNull();
    }

    @Test
    void aSecondLoginWhileLoggedInIsRefusedWith409AndKeepsTheFirstIdentity() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        Client tutorial = fixture.loginTutorial(ANN);

        tom.send(new LoginMes(BOB, "pw", ""));
        tutorial.send(new LoginMes(BOB, "pw", ""));

        LoginResMes refused = tom.link.await(LoginResMes.class, r -> r.code() != 200);
        assertThat(refused.code()).isEqualTo(409);
        assertThat(refused.error()).contains("already logged in");
        assertThat(tutorial.link.await(LoginResMes.class, r -> r.code() != 200).code())
                .isEqualTo(409);
        tom.sendPrivate(BOB, "still tom");
        tutorial.send(new SmsMes("still ann", 0, "", "", 0, "", null, null, null));
        assertThat(bob.link.await(PrivateDelivery.class, d -> true).fromUserId())
                .isEqualTo(TOM);
        assertThat(bob.link
                        .await(SmsMes.class, m -> m.content().equals("still ann"))
                        .userId())
                .isEqualTo(ANN);
    }

    @Test
    void aLoginOfAClientThatPagesTheOnlineListNamesOnlyTheCallerAndCountsTheOthers() {
        fixture.login(TOM);
        fixture.login(ANN);

        Client bob = fixture.loginSaying(HelloMes.PAGED_ONLINE_VERSION, BOB);

        assertThat(bob.link.next(HelloResMes.class).version()).isEqualTo(HelloMes.PAGED_ONLINE_VERSION);
        LoginResMes login = bob.link.await(LoginResMes.class, r -> true);
        assertThat(login.usersId()).containsExactly(BOB);
        assertThat(login.onlineCount()).isEqualTo(3);
        assertThat(login.resumeToken()).isNotBlank();
    }

    @Test
    void aServerAnswersANewerHelloInItsOwnVersion() {
        Client c = fixture.connect();

        c.send(new HelloMes(HelloMes.CURRENT_VERSION + 5, "from the future"));

        assertThat(c.link.next(HelloResMes.class).version()).isEqualTo(HelloMes.CURRENT_VERSION);
    }

    @Test
    void aLoginListsTheOnlineUsersWithTheCallerAndIsAnnouncedToOthersButNotToTheCaller() {
        Client tom = fixture.login(TOM);

        Client bob = fixture.loginSaying(HelloMes.MIN_VERSION, BOB);

        assertThat(bob.link.next(HelloResMes.class).version()).isEqualTo(HelloMes.MIN_VERSION);
        LoginResMes login = bob.link.await(LoginResMes.class, r -> true);
        assertThat(login.usersId()).containsExactlyInAnyOrder(TOM, BOB);
        assertThat(login.onlineCount()).isEqualTo(2);
        assertThat(login.userName()).isEqualTo("user" + BOB);
        assertThat(login.resumeToken()).isNotBlank();
        tom.link.await(NotifyUserStatusMes.class, n -> n.userId() == BOB && n.status() == NotifyUserStatusMes.ONLINE);
        fixture.login(ANN); // the marker: bob hears of ann first, so heard nothing of itself before
        bob.link.awaitCount(NotifyUserStatusMes.class, 1);
        assertThat(bob.link.all(NotifyUserStatusMes.class))
                .containsExactly(new NotifyUserStatusMes(ANN, NotifyUserStatusMes.ONLINE));
    }

    /** A connection that said hello and nothing else. */
    private Client hello() {
        Client c = fixture.connect();
        c.send(new HelloMes(HelloMes.CURRENT_VERSION, "test"));
        c.link.next(HelloResMes.class);
        return c;
    }
}
