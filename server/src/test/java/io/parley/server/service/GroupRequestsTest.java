package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupCreateMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupInfo;
import io.parley.protocol.message.GroupJoinMes;
import io.parley.protocol.message.GroupLeaveMes;
import io.parley.protocol.message.GroupListMes;
import io.parley.protocol.message.GroupListResMes;
import io.parley.protocol.message.GroupMembersMes;
import io.parley.protocol.message.GroupMembersResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.netty.Frames;
import io.parley.server.service.ServiceFixture.Client;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating, joining, leaving and listing groups ({@link GroupRequests}) through the service, on a real SQLite store. */
class GroupRequestsTest {
    private static final int TOM = 100;
    private static final int BOB = 200;
    private static final int ANN = 300;

    @TempDir
    Path data;

    private ServiceFixture fixture;
    private final ExecutorService loop = Executors.newSingleThreadExecutor();

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
        loop.shutdownNow();
    }

    @Test
    void creatingAnExistingGroupOrJoiningTwiceIsAConflictAndAnUnknownGroupIsNotFound() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        tom.createGroup("dev");

        tom.send(new GroupCreateMes("dev", "again"));
        tom.send(new GroupJoinMes("dev", "join-own"));
        tom.send(new GroupJoinMes("nope", "join-unknown"));
        bob.send(new GroupLeaveMes("dev", "leave-not-in"));
        bob.send(new GroupLeaveMes("nope", "leave-unknown"));

        assertThat(refusal(tom, "again")).isEqualTo(409);
        assertThat(refusal(tom, "join-own")).isEqualTo(409);
        assertThat(refusal(tom, "join-unknown")).isEqualTo(404);
        assertThat(refusal(bob, "leave-not-in")).isEqualTo(409);
        assertThat(refusal(bob, "leave-unknown")).isEqualTo(404);
    }

    @Test
    void theGroupListSaysWhichGroupsTheAskerIsInAndTheMemberListWhichMembersAreOnline() {
        Client tom = fixture.login(TOM);
        Client bob = fixture.login(BOB);
        Client ann = fixture.login(ANN);
        tom.createGroup("dev");
        bob.join("dev");

        ann.send(new GroupListMes("l-ann"));
        tom.send(new GroupListMes("l-tom"));
        ann.send(new GroupMembersMes("dev", "m-1"));
        assertThat(ann.link
                        .await(GroupListResMes.class, r -> "l-ann".equals(r.reqId()))
                        .groups())
                .containsExactly(new GroupInfo("dev", 2, false));
        assertThat(tom.link
                        .await(GroupListResMes.class, r -> "l-tom".equals(r.reqId()))
                        .groups())
                .containsExactly(new GroupInfo("dev", 2, true));
        GroupMembersResMes members = ann.link.await(GroupMembersResMes.class, r -> "m-1".equals(r.reqId()));
        assertThat(members.members()).containsExactly(TOM, BOB);
        assertThat(members.online()).containsExactly(TOM, BOB);

        bob.disconnect();
        ann.link.await(NotifyUserStatusMes.class, n -> n.userId() == BOB && n.status() == NotifyUserStatusMes.OFFLINE);
        ann.send(new GroupMembersMes("dev", "m-2"));
        members = ann.link.await(GroupMembersResMes.class, r -> "m-2".equals(r.reqId()));
        assertThat(members.members()).containsExactly(TOM, BOB);
        assertThat(members.online()).containsExactly(TOM);
    }

    @Test
    void aMemberWhoLeftGetsNoMoreOfTheGroupsMessages() {
        Client tom = fixture.login(TOM);
        // On one event loop, one fan-out task sends a group message to both of them.
        Client bob = fixture.login(BOB, loop);
        Client ann = fixture.login(ANN, loop);
        tom.createGroup("dev");
        bob.join("dev");
        ann.join("dev");
        tom.sendGroup("dev", "standup in 5");
        bob.link.awaitCount(GroupDelivery.class, 1);

        bob.send(new GroupLeaveMes("dev", "leave"));
        assertThat(bob.link.await(OkMes.class, ok -> "leave".equals(ok.reqId())).reqType())
                .isEqualTo("GroupLeaveMes");
        tom.sendGroup("dev", "after bob left");

        // Once ann has it, a ping of bob's is answered after whatever the same task sent bob.
        ann.link.await(GroupDelivery.class, d -> d.content().equals("after bob left"));
        bob.sync();
        assertThat(bob.link.all(GroupDelivery.class))
                .extracting(GroupDelivery::content)
                .containsExactly("standup in 5");
    }

    private static int refusal(Client c, String reqId) {
        return c.link.await(ErrorMes.class, e -> reqId.equals(e.reqId())).code();
    }
}
