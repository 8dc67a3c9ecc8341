package io.parley.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;

/**
 * TCP keepalive on accepted connections. Logged-in tutorial connections send no heartbeat and are never
 * closed for being quiet, so without keepalive a peer that vanished (power cut, NAT entry dropped) would
 * hold its descriptor and its place online for good. With epoll the probes start after
 * {@code keepAliveIdleSeconds} of silence and a dead peer is found {@code INTERVAL_SECONDS * PROBES} later;
 * with NIO only SO_KEEPALIVE can be set and the system's timers apply (on Linux, two hours by default).
 */
final class KeepAlive {
    /** Seconds between unanswered probes. */
    static final int INTERVAL_SECONDS = 10;
    /** Unanswered probes after which the peer is dead. */
    static final int PROBES = 6;

    private KeepAlive() {}

    static void configure(ServerBootstrap bootstrap, boolean epoll, int idleSeconds) {
        bootstrap.childOption(ChannelOption.SO_KEEPALIVE, true);
        if (epoll) {
            bootstrap
                    .childOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds)
                    .childOption(EpollChannelOption.TCP_KEEPINTVL, INTERVAL_SECONDS)
                    .childOption(EpollChannelOption.TCP_KEEPCNT, PROBES);
        }
    }
}
