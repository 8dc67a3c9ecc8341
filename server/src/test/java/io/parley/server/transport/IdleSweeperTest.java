package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep on one clock that only the test moves: the sweeper's timer and every connection are
 * {@code EmbeddedChannel}s sharing a {@link MockTicker}, so a connection's silence and the sweep's period are
 * measured alike. A connection is a channel with its {@link ChannelLink}, told by the test what the service
 * would tell it.
 */
class IdleSweeperTest {
    private static final int IDLE_SECONDS = 30;
    /** The sweep runs every third of the idle limit. */
    private static final int PERIOD_SECONDS = IDLE_SECONDS / 3;

    private final MockTicker ticker = Ticker.newMockTicker();
    private final EmbeddedChannel timer =
            EmbeddedChannel.builder().ticker(ticker).build();
    private final ChannelGroup channels = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    private IdleSweeper sweeper;

    @BeforeEach
    void start() {
        sweeper = new IdleSweeper(channels, timer.eventLoop(), IDLE_SECONDS);
    }

    @AfterEach
    void stop() {
        sweeper.close();
        channels.close().syncUninterruptibly();
        timer.finishAndReleaseAll();
    }

    @Test
    void aSilentParleyConnectionIsClosedOnceSilentLongerThanTheLimit() {
        EmbeddedChannel parley = connection(new Backpressure(64, 60));
        Connections.link(parley).promisedHeartbeats();

        advance(IDLE_SECONDS);
        assertThat(parley.isOpen()).as("open at the limit").isTrue();
        advance(PERIOD_SECONDS);
        assertThat(parley.isOpen()).as("closed at the first sweep past it").isFalse();
    }

    @Test
    void aParleyConnectionThatKeepsSendingStaysOpen() {
        EmbeddedChannel parley = connection(new Backpressure(64, 60));
        ChannelLink link = Connections.link(parley);
        link.promisedHeartbeats();

        for (int i = 0; i < 10; i++) {
            advance(IDLE_SECONDS - PERIOD_SECONDS);
            link.markRead();
        }

        assertThat(parley.isOpen()).isTrue();
    }

    @Test
    void aTutorialConnectionIsNeverSwept() {
        EmbeddedChannel tutorial = connection(new Backpressure(64, 60));

        advance(100 * IDLE_SECONDS);

        assertThat(tutorial.isOpen())
                .as("no heartbeat was promised, so silence means nothing")
                .isTrue();
    }

    @Test
    void aConnectionWhoseReadingIsPausedIsNotSilentAndItsSilenceCountsFromTheResume() {
        Backpressure limits = new Backpressure(2, 60);
        EmbeddedChannel parley = connection(limits);
        ChannelLink link = Connections.link(parley);
        link.promisedHeartbeats();
        for (int i = 0; i <= limits.maxRequestsInFlight(); i++) {
            link.requestStarted();
        }
        assertThat(link.readingPaused()).isTrue();

        advance(10 * IDLE_SECONDS);
        assertThat(parley.isOpen())
                .as("the server stopped reading it: not the peer's silence")
                .isTrue();

        link.requestFinished();
        link.requestFinished();
        assertThat(link.readingPaused()).isFalse();
        advance(IDLE_SECONDS);
        assertThat(parley.isOpen()).as("open: silent only since the resume").isTrue();
        advance(PERIOD_SECONDS);
        assertThat(parley.isOpen()).isFalse();
    }

    /** An admitted connection on the shared clock, with its link, in the group the sweeper walks. */
    private EmbeddedChannel connection(Backpressure limits) {
        EmbeddedChannel channel = EmbeddedChannel.builder().ticker(ticker).build();
        channel.attr(Connections.LINK).set(new ChannelLink(channel, 1024 * 1024, limits));
        channels.add(channel);
        return channel;
    }

    /** Moves the clock a second at a time, running the sweep whenever it is due, as real time would. */
    private void advance(int seconds) {
        for (int i = 0; i < seconds; i++) {
            ticker.advance(1, TimeUnit.SECONDS);
            timer.runScheduledPendingTasks();
        }
    }
}
