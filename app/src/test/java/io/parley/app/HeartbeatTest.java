package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.testing.RunningServer;
import io.parley.app.testing.TutorialClient;
import io.parley.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parley connections are held to their heartbeat; tutorial connections, which have none, are not. */
class HeartbeatTest {
    @TempDir
    Path data;

    @Test
    void aParleyConnectionSilentForThreeHeartbeatsIsClosedWhileATutorialOneStays() throws Exception {
        try (RunningServer server = RunningServer.with(ServerConfig.defaults().withDataDir(data).withHeartbeatSeconds(1));
             TutorialClient silentParley = new TutorialClient(server.host(), server.port());
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
