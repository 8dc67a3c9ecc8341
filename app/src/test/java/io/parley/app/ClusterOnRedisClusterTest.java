package io.parley.app;

import io.parley.server.store.redis.RedisClusterExtension;
import io.parley.server.store.redis.RedisServerProcess;
import java.io.IOException;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes on a three-master Redis Cluster: the same behaviour, with every script in one slot and pub/sub
 * messages crossing the cluster bus.
 */
class ClusterOnRedisClusterTest extends ClusterContract {
    @RegisterExtension
    static final RedisClusterExtension redis = new RedisClusterExtension();

    @Override
    protected String redisUri() {
        return redis.uri();
    }

    /** Asks each master; those that do not own the key's slot answer MOVED. */
    @Override
    protected String presenceRecord(int userId, String nodeId) {
        for (RedisServerProcess master : redis.cluster().nodes()) {
            try {
                return master.call("HGET", "parley:presence:user:" + userId, nodeId);
            } catch (IOException movedOrDown) {
                // not this master's slot
            }
        }
        return null;
    }
}
