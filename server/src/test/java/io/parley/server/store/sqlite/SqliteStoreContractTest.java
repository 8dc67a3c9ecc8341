package io.parley.server.store.sqlite;

import io.parley.server.store.StoreContract;
import io.parley.server.store.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract, held by the SQLite backend; reopening opens the same data directory again. */
class SqliteStoreContractTest extends StoreContract {
    @TempDir
    Path dataDir;

    @Override
    protected Stores openStores() throws Exception {
        return SqliteStores.open(dataDir);
    }
}
