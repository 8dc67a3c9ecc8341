package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What the store contract cannot see of the embedded presence store: a node's slot in every user's counts, taken
 * again by the next node once the first is cleared, starts with nothing of the first's.
 */
class LocalPresenceStoreTest {
    private final LocalPresenceStore store = new LocalPresenceStore();

    @Test
    void aClearedNodesSlotIsTakenByTheNextNodeWithNoSessionLeftOfTheFirst() {
        assertThat(store.connect(1, "a").join()).isTrue();
        assertThat(store.connect(2, "a").join()).isTrue();
        assertThat(store.connect(2, "b").join()).isFalse();

        assertThat(store.clearNode("a").join()).containsExactly(1);
        assertThat(store.connect(3, "c").join()).isTrue();

        assertThat(store.disconnect(1, "c").join()).isFalse();
        assertThat(store.disconnect(2, "c").join()).isFalse();
        assertThat(store.online().join()).containsExactlyInAnyOrder(2, 3);
        assertThat(store.disconnect(2, "b").join()).as("user 2's last session").isTrue();
        assertThat(store.disconnect(3, "c").join()).isTrue();
        assertThat(store.online().join()).isEmpty();
    }

    @Test
    void aUsersCountsGrowWhenANodeWithALaterSlotConnectsIt() {
        assertThat(store.connect(1, "a").join()).isTrue();
        assertThat(store.connect(2, "b").join()).isTrue();
        assertThat(store.connect(1, "b").join()).isFalse();
        assertThat(store.connect(1, "b").join()).isFalse();

        assertThat(store.disconnect(1, "a").join()).isFalse();
        assertThat(store.disconnect(1, "b").join()).isFalse();
        assertThat(store.disconnect(1, "b").join()).isTrue();
    }
}
