package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.testing.ParleyServerExtension;
import io.parley.app.testing.TutorialClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parley connections are held to their heartbeat; tutorial connections, which have none, are not. The one
 * end-to-end smoke of the idle sweep (about three seconds); its rules are proven below the socket, in the
 * server's {@code IdleSweeperTest}.
 */
class HeartbeatTest {
    @RegisterExtension
    final ParleyServerExtension server = new ParleyServerExtension(config -> config.withHeartbeatSeconds(1));

    @Test
    void aParleyConnectionSilentForThreeHeartbeatsIsClosedWhileATutorialOneStays() throws Exception {
        try (TutorialClient silentParley = new TutorialClient(server.host(), server.port());
                TutorialClient tutorial = new TutorialClient(server.host(), server.port())) {
            assertThat(silentParley.hello().type()).isEqualTo("HelloResMes");
            tutorial.register(100, "pw", "tom");
            assertThat(tutorial.read().type()).isEqualTo("RegisterResMes");

            assertThat(silentParley.closedWithin(10_000)).isTrue();

            tutorial.login(100, "pw");
            assertThat(tutorial.read().type()).isEqualTo("LoginResMes");
        }
    }
}
