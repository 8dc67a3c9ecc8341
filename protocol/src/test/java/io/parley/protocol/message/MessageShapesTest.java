package io.parley.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shapes records share: every record carrying a {@code reqId} or {@code clientMsgId} says so through its
 * interface, so that code matching answers to requests needs no list of types; and the log names in one place.
 */
class MessageShapesTest {

    @Test
    void everyClientRecordWithAReqIdIsARequest() {
        assertThat(recordsOf(ClientMessage.class).filter(r -> has(r, "reqId")).collect(Collectors.toSet()))
                .isEqualTo(permitted(Request.class));
    }

    @Test
    void everyClientRecordWithAClientMsgIdIsAChatSend() {
        assertThat(recordsOf(ClientMessage.class)
                        .filter(r -> has(r, "clientMsgId"))
                        .collect(Collectors.toSet()))
                .isEqualTo(permitted(ChatSend.class));
    }

    @Test
    void everyServerRecordWithAReqIdButTheRefusalIsAResponse() {
        assertThat(recordsOf(ServerMessage.class)
                        .filter(r -> has(r, "reqId") && r != ErrorMes.class)
                        .collect(Collectors.toSet()))
                .isEqualTo(permitted(Response.class));
    }

    @Test
    void logNamesNameTheInboxAndGroupsAndTakeGroupNamesBackOut() {
        assertThat(LogNames.INBOX).isEqualTo("inbox");
        assertThat(LogNames.group("dev")).isEqualTo("group:dev");
        assertThat(LogNames.groupOf(LogNames.group("dev"))).isEqualTo("dev");
        assertThat(LogNames.groupOf(LogNames.INBOX)).isNull();
        assertThat(LogNames.namesGroup("group:dev")).isTrue();
        assertThat(LogNames.namesGroup("inbox")).isFalse();
    }

    @Test
    void historyAndReceiptsCheckTheirLogNameAlike() {
        for (String bad : new String[] {"Inbox", "group:", "group:a b", "outbox"}) {
            assertThatThrownBy(() -> new AckMes(bad, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(catchMessage(() -> new HistoryMes(bad, 0, 1, null)));
        }
    }

    private static String catchMessage(Runnable construct) {
        try {
            construct.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    private static Stream<Class<?>> recordsOf(Class<?> sealed) {
        return Arrays.stream(sealed.getPermittedSubclasses());
    }

    private static Set<Class<?>> permitted(Class<?> sealed) {
        return Set.of(sealed.getPermittedSubclasses());
    }

    private static boolean has(Class<?> record, String component) {
        return Arrays.stream(record.getRecordComponents())
                .map(RecordComponent::getName)
                .anyMatch(component::equals);
    }
}
