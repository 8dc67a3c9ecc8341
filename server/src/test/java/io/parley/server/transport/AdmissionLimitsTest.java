package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The global cap stays below the process's descriptor limit, whatever is configured. */
class AdmissionLimitsTest {
    private static AdmissionLimits limits(int maxConnections, int reserve) {
        return new AdmissionLimits(5_000, 20_000, 64, maxConnections, reserve, 60);
    }

    @Test
    void withoutMaxConnectionsTheCapIsTheDescriptorLimitLessTheReserve() {
        assertThat(limits(0, 256).connectionCap(20_000)).isEqualTo(19_744);
    }

    @Test
    void maxConnectionsLowersTheCapButNeverRaisesItAboveTheDescriptors() {
        assertThat(limits(500, 256).connectionCap(20_000)).isEqualTo(500);
        assertThat(limits(1_000_000, 256).connectionCap(20_000)).isEqualTo(19_744);
    }

    @Test
    void anUnknownDescriptorLimitLeavesMaxConnectionsOrNoCap() {
        assertThat(limits(500, 256).connectionCap(0)).isEqualTo(500);
        assertThat(limits(0, 256).connectionCap(0)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aReserveThatLeavesNoRoomFailsTheStartWithTheReason() {
        assertThatThrownBy(() -> limits(0, 1024).connectionCap(1024))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ulimit -n");
    }

    @Test
    void theLoadTestLiftsThePerAddressCapAndGivesBulkRegistrationAnHourButKeepsTheFirstFrameDeadline() {
        AdmissionLimits lifted = AdmissionLimits.DEFAULTS.forLoadTest();
        assertThat(lifted.perAddress()).isEqualTo(Integer.MAX_VALUE);
        assertThat(lifted.loginMillis()).isEqualTo(AdmissionLimits.LOAD_TEST_LOGIN_MILLIS);
        assertThat(lifted.firstFrameMillis()).isEqualTo(AdmissionLimits.DEFAULTS.firstFrameMillis());
        assertThat(lifted.maxConnections()).isEqualTo(AdmissionLimits.DEFAULTS.maxConnections());
    }
}
