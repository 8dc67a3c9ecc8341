package io.parley.app;

import io.parley.server.service.ChatService;
import io.parley.server.service.TokenSettings;
import io.parley.server.store.Stores;
import io.parley.server.store.TokenKeys;
import io.parley.server.store.redis.RedisStores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code parley rotate-token-key}: stores a new key for signing resume tokens, while servers run. Each node takes
 * it at its next key check; tokens signed by the key it replaces stay valid for the nodes' grace period, so
 * nobody is logged out by the rotation itself. On SQLite it writes beside the running server (WAL mode allows a
 * second writer process; SQLite serialises the two).
 */
@Command(
        name = "rotate-token-key",
        mixinStandardHelpOptions = true,
        description = "Replace the key that signs resume tokens, without a restart (docs/security.md).")
final class RotateTokenKeyCommand implements Callable<Integer> {
    private static final long WAIT_SECONDS = 30;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Store store = new Store();

    static final class Store {
        @Option(
                names = "--data",
                paramLabel = "DIR",
                description = "The server's embedded store folder (default: ./data).")
        Path dataDir;

        @Option(
                names = "--redis",
                paramLabel = "URI",
                description = "The cluster's Redis: redis://host:port[/db] " + "or redis-cluster://host:port,...")
        String redis;
    }

    @Override
    public Integer call() throws Exception {
        Stores stores;
        if (store.redis != null) {
            stores = RedisStores.open(store.redis);
        } else {
            Path dir = store.dataDir != null ? store.dataDir : Path.of("data");
            if (!Files.exists(dir.resolve("parley.db"))) {
                spec.commandLine()
                        .getErr()
                        .println("no Parley store in " + dir + " (expected " + dir.resolve("parley.db")
                                + "); give the folder the server runs with, --data DIR");
                return 2;
            }
            stores = SqliteStores.open(dir);
        }
        try (stores) {
            long now = System.currentTimeMillis();
            TokenKeys keys = stores.sessions()
                    .rotateTokenKey(ChatService.newTokenKey(), now)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            spec.commandLine()
                    .getOut()
                    .println("rotated the token key of " + stores.description() + " at "
                            + Instant.ofEpochMilli(keys.rotatedAt())
                            + ": servers sign new tokens with it within their key "
                            + "check period (default " + TokenSettings.DEFAULTS.keyCheckSeconds()
                            + " s), and accept tokens of "
                            + "the previous key for their grace period (default "
                            + TokenSettings.DEFAULTS.keyGraceSeconds()
                            + " s) after the rotation");
            return 0;
        }
    }
}
