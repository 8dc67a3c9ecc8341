package io.parley.server.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster harness itself: three real masters that a cluster client can use, and that close leaves nothing. */
class RedisClusterProcessTest {
    @Test
    void aClusterClientWritesAndReadsBackAndKeysOfDifferentSlotsLandOnDifferentMasters() throws Exception {
        try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
            List<String> keys = oneKeyPerMaster();
            RedisClusterClient client = RedisClusterClient.create(cluster.ports().stream()
                    .map(port -> RedisURI.create("127.0.0.1", port))
                    .toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                RedisAdvancedClusterCommands<String, String> redis = connection.sync();
                for (String key : keys) {
                    redis.set(key, "value of " + key);
                }

                for (String key : keys) {
                    assertThat(redis.get(key)).isEqualTo("value of " + key);
                }
            } finally {
                client.shutdown();
            }

            // Asked directly, without redirects: master i holds exactly key i and answers MOVED for the others.
            for (int i = 0; i < keys.size(); i++) {
                RedisServerProcess master = cluster.nodes().get(i);
                assertThat(master.call("GET", keys.get(i))).isEqualTo("value of " + keys.get(i));
                assertThat(master.call("DBSIZE")).isEqualTo("1");
                String elsewhere = keys.get((i + 1) % keys.size());
                assertThatThrownBy(() -> master.call("GET", elsewhere)).hasMessageContaining("MOVED");
            }
        }
    }

    @Test
    void theUriNamesTheThreeMastersAndCloseStopsThem() throws Exception {
        List<Integer> ports;
        List<Path> dirs = new ArrayList<>();
        try (RedisClusterProcess cluster = RedisClusterProcess.start()) {
            ports = cluster.ports();
            assertThat(ports).hasSize(3).doesNotHaveDuplicates().doesNotContain(RedisURI.DEFAULT_REDIS_PORT);
            assertThat(cluster.uri())
                    .isEqualTo("redis-cluster://127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1)
                            + ",127.0.0.1:" + ports.get(2));
            for (RedisServerProcess node : cluster.nodes()) {
                assertThat(node.call("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:3");
                dirs.add(node.dir());
            }
        }

        assertThat(dirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
        for (int port : ports) {
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .isInstanceOf(IOException.class);
        }
    }

    /** Keys whose hash slots fall in the first, second and last third of the slots, in that order. */
    private static List<String> oneKeyPerMaster() {
        List<String> keys = new ArrayList<>(List.of("", "", ""));
        for (int n = 0; keys.contains(""); n++) {
            String key = "parley:key:" + n;
            int slot = SlotHash.getSlot(key);
            int master = 0;
            while (slot >= (master + 1) * RedisClusterProcess.SLOTS / 3) {
                master++;
            }
            if (keys.get(master).isEmpty()) {
                keys.set(master, key);
            }
        }
        return keys;
    }
}
