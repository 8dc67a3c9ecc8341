package io.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsServeTheTutorialPortFromTheEmbeddedStore() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.port()).isEqualTo(8889);
        assertThat(c.redisUri()).isNull();
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.maxFrameLength()).isEqualTo(65536);
    }

    @Test
    void aPropertiesFileSetsWhatItNamesAndKeepsTheRest() throws Exception {
        Path file = dir.resolve("parley.properties");
        Files.writeString(file, "port=9000\nredisUri=redis://127.0.0.1:7000/1\nheartbeatSeconds=10\nioThreads=1\n");
        ServerConfig c = ServerConfig.load(file);
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.ioThreads()).isEqualTo(1);
        assertThat(c.redisUri()).isEqualTo("redis://127.0.0.1:7000/1");
        assertThat(c.heartbeatSeconds()).isEqualTo(10);
        assertThat(c.bcryptCost()).isEqualTo(ServerConfig.DEFAULT_BCRYPT_COST);
    }

    @Test
    void invalidValuesAreRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> ServerConfig.defaults().toBuilder()
                        .port(70000)
                        .maxFrameLength(0)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("port: 70000 (expected: 0-65535)")
                .hasMessageContaining("maxFrameLength: 0");
        assertThatThrownBy(() -> ServerConfig.defaults().withRedisUri("localhost:6000"))
                .hasMessageContaining("expected: redis://host:port[/db]");
        assertThatThrownBy(() -> ServerConfig.defaults().withIoThreads(-1))
                .hasMessageContaining("ioThreads: -1 (expected: 0 for the default, or 1-1024)");
    }

    @Test
    void aNumberThatIsNotANumberInTheFileIsAClearError() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "port=eighty\n");
        assertThatThrownBy(() -> ServerConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.properties");
    }

    /** Uncommenting a blank {@code nodeId=} line, as the release's conf/parley.properties shows it, keeps the default. */
    @Test
    void aBlankNodeIdIsARandomOneAsWhenAbsent() throws Exception {
        Path file = dir.resolve("blank.properties");
        Files.writeString(file, "nodeId=\n");
        assertThat(ServerConfig.load(file).nodeId()).matches("node-[0-9a-f]{8}");
    }
}
