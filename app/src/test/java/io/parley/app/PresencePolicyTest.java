package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.app.testing.RunningServer;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.server.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presence policy of docs/protocol.md: everyone hears everything only up to the broadcast limit. */
class PresencePolicyTest {
    @TempDir
    Path data;

    private RunningServer serverWithLimit(int limit) throws Exception {
        return RunningServer.with(ServerConfig.defaults().withDataDir(data).withPresenceBroadcastLimit(limit));
    }

    @Test
    void aboveTheLimitOnlyWatchersHearOfALogin() throws Exception {
        try (RunningServer server = serverWithLimit(2);
                ChatUser watcher = ChatUser.online(server, 100);
                ChatUser bystander = ChatUser.online(server, 200);
                ChatUser third = ChatUser.online(server, 300)) {
            assertThat(watcher.client
                            .watch(List.of(400, 300))
                            .get(5, TimeUnit.SECONDS)
                            .online())
                    .containsExactly(300);

            try (ChatUser late = ChatUser.online(server, 400)) {
                await().untilAsserted(() -> assertThat(watcher.statuses).contains(new NotifyUserStatusMes(400, 0)));
                // The marker: a message sent after the login reaches the bystander after any notice would have.
                late.client.sendPrivate(200, "marker").get(5, TimeUnit.SECONDS);
                await().untilAsserted(() -> assertThat(bystander.privates).hasSize(1));
                assertThat(bystander.statuses).noneMatch(s -> s.userId() == 400);
            }
            await().untilAsserted(() -> assertThat(watcher.statuses).contains(new NotifyUserStatusMes(400, 1)));
        }
    }
}
