package io.parley.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.protocol.SampleMessages;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.ServerMessage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The name table agrees with the sealed interfaces, so no message can be sent with a null type. */
class WireTypesTest {

    @Test
    void everyClientMessageRecordHasExactlyOneWireName() {
        assertCovers(ClientMessage.class, WireTypes.CLIENT);
    }

    @Test
    void everyServerMessageRecordHasExactlyOneWireName() {
        assertCovers(ServerMessage.class, WireTypes.SERVER);
    }

    @Test
    void theSeedTypesTravelInTheDirectionsTheTutorialUses() {
        assertThat(WireTypes.SEED)
                .containsExactlyInAnyOrder(
                        "RegisterMes", "RegisterResMes", "LoginMes", "LoginResMes", "NotifyUserStatusMes", "SmsMes");
        assertThat(WireTypes.CLIENT).containsKeys("RegisterMes", "LoginMes", "SmsMes");
        assertThat(WireTypes.SERVER).containsKeys("RegisterResMes", "LoginResMes", "NotifyUserStatusMes", "SmsMes");
    }

    @Test
    void nameOfMapsEveryRecordBackToItsTableName() {
        Set<String> names = new HashSet<>();
        SampleMessages.clientMessages().forEach(m -> {
            assertThat(WireTypes.CLIENT.get(WireTypes.nameOf(m))).isEqualTo(m.getClass());
            names.add(WireTypes.nameOf(m));
        });
        SampleMessages.serverMessages()
                .forEach(m ->
                        assertThat(WireTypes.SERVER.get(WireTypes.nameOf(m))).isEqualTo(m.getClass()));
        assertThat(names).hasSameSizeAs(WireTypes.CLIENT.keySet());
    }

    @Test
    void aRecordClassIsNamedAsItsMessagesAre() {
        SampleMessages.clientMessages()
                .forEach(m -> assertThat(WireTypes.nameOf(m.getClass())).isEqualTo(WireTypes.nameOf(m)));
        SampleMessages.serverMessages()
                .forEach(m -> assertThat(WireTypes.nameOf(m.getClass())).isEqualTo(WireTypes.nameOf(m)));
        assertThat(WireTypes.nameOf(PrivateSend.class))
                .isEqualTo(WireTypes.nameOf(PrivateDelivery.class))
                .isEqualTo("PrivateMes");
        assertThatThrownBy(() -> WireTypes.nameOf(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertCovers(Class<?> sealed, Map<String, ? extends Class<?>> table) {
        assertThat(sealed.isSealed()).isTrue();
        Set<Class<?>> permitted = new HashSet<>(Arrays.asList(sealed.getPermittedSubclasses()));
        assertThat(new HashSet<>(table.values())).isEqualTo(permitted);
        assertThat(table.values()).doesNotHaveDuplicates();
    }
}
