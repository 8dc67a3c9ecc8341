package io.parley.server.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisURI;
import io.parley.server.store.Logs;
import io.parley.server.store.NewMessage;
import io.parley.server.store.Stores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test harness itself: a private, real redis-server that keeps data across a restart. */
class RedisServerProcessTest {
    @Test
    void restartKeepsWhatWasWrittenThroughTheAppendOnlyFile() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            server.call("SET", "parley:test", "kept");

            server.restart();

            assertThat(server.call("GET", "parley:test")).isEqualTo("kept");
        }
    }

    @Test
    void flushAllEmptiesTheServer() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            server.call("SET", "parley:test", "gone soon");

            server.flushAll();

            assertThat(server.call("DBSIZE")).isEqualTo("0");
        }
    }

    @Test
    void serversGetTheirOwnFreePortsAndCloseRemovesEverything() throws Exception {
        Path dir;
        int port;
        try (RedisServerProcess one = RedisServerProcess.start();
                RedisServerProcess two = RedisServerProcess.start()) {
            assertThat(one.port()).isNotEqualTo(two.port()).isNotEqualTo(RedisURI.DEFAULT_REDIS_PORT);
            assertThat(two.port()).isNotEqualTo(RedisURI.DEFAULT_REDIS_PORT);
            assertThat(one.uri()).isEqualTo("redis://127.0.0.1:" + one.port() + "/0");
            dir = one.dir();
            port = one.port();
        }

        assertThat(dir).doesNotExist();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void anErrorReplyIsThrown() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.start()) {
            assertThatThrownBy(() -> server.call("NO-SUCH-COMMAND"))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("unknown command");
        }
    }

    /** The fallback binary is Redis 6.2; the stores' scripts and commands must work there too. */
    @Test
    void theEmbeddedRedisRunsTheStores() throws Exception {
        assumeTrue(
                System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
                "the jar's binary is for Linux x86-64");
        try (RedisServerProcess server = RedisServerProcess.startEmbedded()) {
            assertThat(Files.readString(server.dir().resolve("redis-server.log")))
                    .contains("6.2.");
            try (Stores stores = RedisStores.open(server.uri())) {
                stores.messages()
                        .append(new NewMessage(Logs.ALL, 1, "ann", 0, null, "hi", "c-1", 1L))
                        .get(10, TimeUnit.SECONDS);
                assertThat(stores.messages().readBefore(Logs.ALL, 0, 10).get(10, TimeUnit.SECONDS))
                        .hasSize(1);
                assertThat(stores.groups().create("dev", 1, 1L).get(10, TimeUnit.SECONDS))
                        .isTrue();
                assertThat(stores.presence().connect(1, "node-a").get(10, TimeUnit.SECONDS))
                        .isTrue();
            }
            server.restart();
            assertThat(server.call("GET", RedisKeys.head(Logs.ALL))).isEqualTo("1");
        }
    }
}
