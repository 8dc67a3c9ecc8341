package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.HelloMes;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.netty.Frames;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the transport learns of a session it learns from the service through its {@link Link}: that the peer
 * promised heartbeats (it said hello), so its silence may be taken for a dead connection; and that it logged in,
 * so no login deadline applies any more. A tutorial client promises no heartbeat.
 */
class LinkNoticesTest {
    @TempDir
    Path data;

    ServiceFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new ServiceFixture(data, Frames.DEFAULT_MAX_BODY, 4096);
        fixture.register(1);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void aHelloPromisesHeartbeatsBeforeAnyLogin() {
        ServiceFixture.Client c = fixture.connect();
        c.send(new HelloMes(HelloMes.CURRENT_VERSION, "test"));
        c.sync();

        assertThat(c.link.toldHeartbeats()).isTrue();
        assertThat(c.link.toldAuthenticated()).isFalse();
    }

    @Test
    void aParleyLoginTellsTheLinkItLoggedIn() {
        ServiceFixture.Client c = fixture.login(1);

        assertThat(c.link.toldAuthenticated()).isTrue();
        assertThat(c.link.toldHeartbeats()).isTrue();
    }

    @Test
    void aTutorialLoginTellsTheLinkItLoggedInButNeverThatItSendsHeartbeats() {
        ServiceFixture.Client c = fixture.connect();
        c.send(new LoginMes(1, "pw", ""));
        c.link.await(LoginResMes.class, r -> r.code() == 200);

        assertThat(c.link.toldAuthenticated()).isTrue();
        assertThat(c.link.toldHeartbeats()).isFalse();
    }

    @Test
    void aFailedLoginTellsTheLinkNothing() {
        ServiceFixture.Client c = fixture.connect();
        c.send(new LoginMes(1, "wrong", ""));
        c.link.await(LoginResMes.class, r -> r.code() != 200);

        assertThat(c.link.toldAuthenticated()).isFalse();
    }
}
