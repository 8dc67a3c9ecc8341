package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.parley.client.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** With --source-ips, connections leave from 127.0.0.2, 127.0.0.3, … in turn, which a listener can see. */
class BenchSourceAddressTest {
    private final EventLoopGroup group = Transport.newGroup(1, "source-test");

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void connectionsLeaveFromTheLoopbackAddressesInTurn() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BenchOptions options = BenchOptions.defaults()
                    .withTarget("127.0.0.1", listener.getLocalPort())
                    .withSourceIps(2);
            BenchRun run = new BenchRun(options, group, new Progress(null));
            var users = run.users(0, 3);
            for (int i = 0; i < users.size(); i++) {
                // The listener never answers the hello; only where the connection came from matters here.
                var unused = users.get(i).client().connect(run.target(i), run.source(i));
                try (Socket accepted = listener.accept()) {
                    InetSocketAddress from = (InetSocketAddress) accepted.getRemoteSocketAddress();
                    assertThat(from.getAddress().getHostAddress()).isEqualTo(i % 2 == 0 ? "127.0.0.2" : "127.0.0.3");
                }
                users.get(i).client().close().get(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void withoutSourceIpsTheSystemPicks() {
        BenchRun run = new BenchRun(BenchOptions.defaults(), group, new Progress(null));

        assertThat(run.source(0)).isNull();
    }
}
