package io.parley.server.store.redis;

import io.parley.server.store.StoreContract;
import io.parley.server.store.Stores;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store contract against a real redis-server, one per class and emptied before each test; reopening
 * closes the stores and connects new ones to the same server, as a restarted Parley node would.
 */
class RedisStoreContractTest extends StoreContract {
    @RegisterExtension
    static final RedisServerExtension redis = new RedisServerExtension();

    @Override
    protected Stores openStores() {
        return RedisStores.open(redis.uri());
    }
}
