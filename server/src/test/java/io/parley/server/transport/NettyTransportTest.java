package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.parley.server.ServerConfig;
import io.parley.server.service.ChatService;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the transport sets on every accepted connection, read back from a real accepted channel. */
class NettyTransportTest {
    @Test
    void acceptedConnectionsHaveTcpKeepaliveWithTheConfiguredIdleTime(@TempDir Path dataDir) throws Exception {
        ServerConfig c = ServerConfig.defaults().withBcryptCost(4);
        AdmissionLimits admission = new AdmissionLimits(5_000, 20_000, 64, 0, 256, 42);
        try (Stores stores = SqliteStores.open(dataDir);
                ChatService service = new ChatService(
                        stores,
                        new ChatService.Limits(
                                c.maxFrameLength(),
                                c.maxContentLength(),
                                c.heartbeatSeconds(),
                                c.bcryptCost(),
                                c.presenceBroadcastLimit(),
                                c.login(),
                                c.rates(),
                                c.quotas(),
                                c.tokens()),
                        "test",
                        ChatService.newTokenKey());
                NettyTransport transport = new NettyTransport(
                        service,
                        c.withHost("127.0.0.1")
                                .withPort(0)
                                .withWeb(WebSettings.OFF)
                                .withIoThreads(1)
                                .withAdmission(admission)
                                .transport(Backpressure.DEFAULTS));
                Socket client = new Socket(InetAddress.getLoopbackAddress(), transport.port())) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> transport.channels().size() == 1);
            Channel accepted = transport.channels().iterator().next();
            assertThat(accepted.config().getOption(ChannelOption.SO_KEEPALIVE)).isTrue();
            if (transport.nativeEpoll()) {
                assertThat(accepted.config().getOption(EpollChannelOption.TCP_KEEPIDLE))
                        .isEqualTo(42);
                assertThat(accepted.config().getOption(EpollChannelOption.TCP_KEEPINTVL))
                        .isEqualTo(KeepAlive.INTERVAL_SECONDS);
                assertThat(accepted.config().getOption(EpollChannelOption.TCP_KEEPCNT))
                        .isEqualTo(KeepAlive.PROBES);
            }
        }
    }
}
