package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.parley.app.testing.ChatUser;
import io.parley.client.ParleyException;
import io.parley.protocol.message.StatusCode;
import io.parley.server.store.redis.RedisServerExtension;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nodes on one redis-server; and what happens to them when that Redis goes away for a while. */
class ClusterOnRedisTest extends ClusterContract {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected String redisUri() {
        return redis.uri();
    }

    @Override
    protected String presenceRecord(int userId, String nodeId) throws Exception {
        return redis.server().call("HGET", "parley:presence:user:" + userId, nodeId);
    }

    @Test
    void whileRedisIsAwaySendsAreRefusedAndOnceItIsBackTheNodesCarryOnByThemselves() throws Exception {
        ChatUser ann = online(a, 100);
        ChatUser bob = online(b, 200);
        ann.client.sendPrivate(200, "before").get(5, TimeUnit.SECONDS);
        await().untilAsserted(() -> assertThat(bob.privateTexts()).containsExactly("before"));

        redis.server().pause();
        try {
            ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    ExecutionException.class,
                    () -> ann.client.sendPrivate(200, "refused").get(15, TimeUnit.SECONDS));
            assertThat(refused.getCause()).isInstanceOf(ParleyException.class);
            assertThat(((ParleyException) refused.getCause()).code()).isEqualTo(StatusCode.UNAVAILABLE.code());
        } finally {
            redis.server().startAgain();
        }

        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> ann.client.sendPrivate(200, "after").get(5, TimeUnit.SECONDS) != null);
        bob.client.sendPrivate(100, "back").get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(bob.privateTexts()).containsExactly("before", "after");
            assertThat(ann.privateTexts()).containsExactly("back");
        });
    }
}
