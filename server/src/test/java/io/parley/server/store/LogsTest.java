package io.parley.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.LogNames;
import org.junit.jupiter.api.Test;

/** The one conversion from a log name as the wire spells it to the store's log. */
class LogsTest {

    @Test
    void theWiresInboxIsTheInboxOfWhoeverAsks() {
        assertThat(Logs.fromWire(LogNames.INBOX, 7)).isEqualTo(Logs.inbox(7));
        assertThat(Logs.inboxOwner(Logs.fromWire(LogNames.INBOX, 7))).isEqualTo(7);
    }

    @Test
    void aWireGroupLogIsThatGroupsLogForEveryone() {
        assertThat(Logs.fromWire(LogNames.group("dev"), 7))
                .isEqualTo(Logs.group("dev"))
                .isEqualTo(Logs.fromWire(LogNames.group("dev"), 8));
        assertThat(Logs.groupName(Logs.fromWire(LogNames.group("dev"), 7))).isEqualTo("dev");
    }
}
