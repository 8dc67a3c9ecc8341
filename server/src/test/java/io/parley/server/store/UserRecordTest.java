package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a user record says about itself: whether it is banned at a given time, whether it is a tombstone. */
class UserRecordTest {
    @Test
    void aBanHoldsWhileTheClockIsBeforeBannedUntil() {
        UserRecord banned = new UserRecord(1, "ann", "h", 5L, 0L, 1_000L, "spam");

        assertThat(banned.bannedAt(999L)).isTrue();
        assertThat(banned.bannedAt(1_000L)).isFalse();
        assertThat(new UserRecord(1, "ann", "h", 5L, 0L, UserRecord.BANNED_FOR_GOOD, "").bannedAt(Long.MAX_VALUE - 1))
                .isTrue();
    }

    @Test
    void theShorterConstructorsMakeAUserWhoIsNotBanned() {
        UserRecord plain = new UserRecord(1, "ann", "h", 5L);

        assertThat(plain).isEqualTo(new UserRecord(1, "ann", "h", 5L, 0L, 0L, ""));
        assertThat(plain.bannedAt(0L)).isFalse();
        assertThat(plain.deleted()).isFalse();
    }

    @Test
    void onlyTheDeletedHashMakesATombstone() {
        assertThat(new UserRecord(1, "", UserRecord.DELETED_HASH, 5L, 1L).deleted())
                .isTrue();
        assertThat(new UserRecord(1, "", "", 5L, 1L).deleted()).isFalse();
        assertThat(new UserRecord(1, "ann", UserRecord.DELETED_HASH + "x", 5L).deleted())
                .isFalse();
    }

    @Test
    void aNegativeBanOrANullReasonIsRefused() {
        assertThatThrownBy(() -> new UserRecord(1, "ann", "h", 5L, 0L, -1L, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bannedUntil: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new UserRecord(1, "ann", "h", 5L, 0L, 0L, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("banReason");
    }
}
