package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The caps, counted on real channels whose close gives their place back. */
class ConnectionLimiterTest {
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void closeAll() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Test
    void anAddressGetsItsCapAndNoMoreWhileOthersStillGetIn() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(3, 100, 10);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(from("10.0.0.1"), channel())).isEqualTo(Admission.ADMITTED);
        }
        assertThat(limiter.admit(from("10.0.0.1"), channel())).isEqualTo(Admission.OVER_ADDRESS_CAP);
        assertThat(limiter.admit(from("10.0.0.2"), channel())).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.connections()).as("refusals are not counted").isEqualTo(4);
    }

    @Test
    void aClosedConnectionGivesItsPlaceBackAndAnEmptyAddressLeavesTheMap() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(1, 100, 10);
        EmbeddedChannel first = channel();
        assertThat(limiter.admit(from("10.0.0.1"), first)).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.addresses()).isEqualTo(1);
        first.close().syncUninterruptibly();
        assertThat(limiter.addresses()).isZero();
        assertThat(limiter.connections()).isZero();
        assertThat(limiter.admit(from("10.0.0.1"), channel())).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void theGlobalCapRefusesEveryAddressAndARefusalTakesNoAddressSlot() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 2, 10);
        assertThat(limiter.admit(from("10.0.0.1"), channel())).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit(from("10.0.0.2"), channel())).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit(from("10.0.0.3"), channel())).isEqualTo(Admission.SERVER_FULL);
        assertThat(limiter.addresses()).as("10.0.0.3 holds nothing").isEqualTo(2);
        channels.get(0).close().syncUninterruptibly();
        assertThat(limiter.admit(from("10.0.0.3"), channel())).isEqualTo(Admission.ADMITTED);
    }

    @Test
    void ipv6IsCountedPerSlash64() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(2, 100, 10);
        assertThat(limiter.admit(from("2001:db8:1:2::1"), channel())).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit(from("2001:db8:1:2:ffff::9"), channel())).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit(from("2001:db8:1:2:abcd::7"), channel()))
                .as("a third address of the same /64")
                .isEqualTo(Admission.OVER_ADDRESS_CAP);
        assertThat(limiter.admit(from("2001:db8:1:3::1"), channel()))
                .as("the next /64")
                .isEqualTo(Admission.ADMITTED);
    }

    @Test
    void ipv4MappedIpv6CountsAsTheIpv4Address() throws Exception {
        ConnectionLimiter limiter = new ConnectionLimiter(1, 100, 10);
        assertThat(limiter.admit(from("10.0.0.1"), channel())).isEqualTo(Admission.ADMITTED);
        assertThat(limiter.admit(from("::ffff:10.0.0.1"), channel())).isEqualTo(Admission.OVER_ADDRESS_CAP);
    }

    @Test
    void onlySoManyRefusedConnectionsMayWaitToBeToldWhy() {
        ConnectionLimiter limiter = new ConnectionLimiter(1, 1, 2);
        EmbeddedChannel first = channel();
        assertThat(limiter.mayWait(first)).isTrue();
        assertThat(limiter.mayWait(channel())).isTrue();
        assertThat(limiter.mayWait(channel())).isFalse();
        first.close().syncUninterruptibly();
        assertThat(limiter.mayWait(channel())).isTrue();
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        return channel;
    }

    private static InetSocketAddress from(String address) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), 40000);
    }
}
