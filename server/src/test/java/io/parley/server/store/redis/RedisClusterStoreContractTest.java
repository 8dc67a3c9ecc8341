package io.parley.server.store.redis;

import io.parley.server.store.StoreContract;
import io.parley.server.store.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract against a real three-master Redis Cluster: every script must find all its keys in one
 * slot (Redis refuses it with CROSSSLOT otherwise), and keys of different logs, users and nodes are spread
 * over the three masters.
 */
class RedisClusterStoreContractTest extends StoreContract {
    @RegisterExtension
    static final RedisClusterExtension cluster = new RedisClusterExtension();

    @Override
    protected Stores openStores() {
        return RedisStores.open(cluster.uri());
    }

    @Override
    protected boolean appendsCompleteInCallOrderAcrossLogs() {
        return false;
    }
}
