package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.store.Stores;
import io.parley.server.store.UserRecord;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory over a real SQLite store, remembering only a handful of users so that it forgets often. */
class UserDirectoryTest {
    @TempDir
    Path dir;

    private Stores stores;
    private UserDirectory directory;

    @BeforeEach
    void open() throws Exception {
        stores = SqliteStores.open(dir);
        directory = new UserDirectory(stores.users(), 3);
    }

    @AfterEach
    void close() throws Exception {
        stores.close();
    }

    @Test
    void everyUserIsStillFoundAfterTheDirectoryForgotMostOfThem() {
        for (int id = 100; id < 150; id++) {
            assertThat(directory
                            .create(new UserRecord(id, "user" + id, "hash", 0))
                            .join())
                    .isTrue();
        }

        for (int id = 100; id < 150; id++) {
            assertThat(directory.exists(id).join()).as("user %d", id).isTrue();
            assertThat(directory.name(id).join()).contains("user" + id);
        }
        assertThat(directory.exists(99).join()).isFalse();
    }

    @Test
    void aDeletedUserIsNotFoundOnceForgotten() {
        directory.create(new UserRecord(7, "seven", "hash", 0)).join();
        assertThat(directory.exists(7).join()).isTrue();

        assertThat(stores.users().delete(7).join()).isTrue();
        directory.forget(7);

        assertThat(directory.exists(7).join()).isFalse();
    }
}
