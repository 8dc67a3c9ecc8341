package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.parley.server.ServerConfig;
import io.parley.server.service.ChatService;
import io.parley.server.store.Stores;
import io.parley.server.store.sqlite.SqliteStores;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection's link in a real session pipeline: it stops reading (autoRead off) with more requests waiting on
 * the store than {@link Backpressure#maxRequestsInFlight()}, reads again once half have finished, from whatever
 * thread they finish on; and it cuts off a peer whose output stays above the high-water mark for the soft limit,
 * but not one that keeps draining it.
 */
class ChannelLinkBackpressureTest {
    private static final Backpressure LIMITS = new Backpressure(8, 60);

    @TempDir
    Path data;

    Stores stores;
    ChatService service;
    EmbeddedChannel channel;
    ChannelLink link;

    @BeforeEach
    void open() throws Exception {
        stores = SqliteStores.open(data);
        ServerConfig d = ServerConfig.defaults();
        service = new ChatService(
                stores,
                new ChatService.Limits(
                        d.maxFrameLength(),
                        d.maxContentLength(),
                        d.heartbeatSeconds(),
                        4,
                        d.presenceBroadcastLimit(),
                        d.login(),
                        d.rates(),
                        d.quotas(),
                        d.tokens()),
                "test-node",
                ChatService.newTokenKey());
        channel = new EmbeddedChannel(new SessionHandler(
                service, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), 1024 * 1024, LIMITS));
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        channel.freezeTime();
        link = Connections.link(channel);
    }

    @AfterEach
    void close() throws Exception {
        channel.finishAndReleaseAll();
        service.close();
        stores.close();
    }

    @Test
    void readingStopsAboveTheBoundAndResumesWhenHalfHaveFinished() {
        started(8);
        assertThat(channel.config().isAutoRead())
                .as("reading with 8 requests waiting")
                .isTrue();
        started(1);
        assertThat(channel.config().isAutoRead())
                .as("reading with 9 requests waiting")
                .isFalse();
        assertThat(link.readingPaused()).isTrue();

        finished(4);
        assertThat(channel.config().isAutoRead()).as("reading with 5 waiting").isFalse();
        finished(1);
        assertThat(channel.config().isAutoRead()).as("reading with 4 waiting").isTrue();
        assertThat(link.readingPaused()).isFalse();

        started(4);
        assertThat(channel.config().isAutoRead())
                .as("reading with 8 waiting again")
                .isTrue();
        started(1);
        assertThat(channel.config().isAutoRead()).as("paused a second time").isFalse();
    }

    @Test
    void readingResumesWhenTheRequestsFinishOnStoreThreads() throws Exception {
        started(20);
        assertThat(channel.config().isAutoRead()).isFalse();
        Thread store = new Thread(() -> {
            for (int i = 0; i < 20; i++) {
                link.requestFinished();
            }
        });
        store.start();
        store.join(10_000);
        channel.runPendingTasks();
        assertThat(channel.config().isAutoRead())
                .as("reading once every request finished elsewhere")
                .isTrue();
    }

    @Test
    void aPausedConnectionDoesNotCountAsIdle() {
        // The link's clock is the channel's, frozen here: move it, so that a last read at the start would be older.
        channel.advanceTimeBy(10, TimeUnit.SECONDS);
        long before = channel.eventLoop().ticker().nanoTime();
        started(9);
        assertThat(link.lastRead()).as("last read while paused").isGreaterThanOrEqualTo(before);
    }

    @Test
    void aPeerWhoseOutputStaysAboveTheHighWaterMarkIsCutOffAfterTheSoftLimit() {
        var unused = channel.write(Unpooled.wrappedBuffer(new byte[64])); // unflushed on purpose: bytes pending
        assertThat(channel.isWritable()).isFalse();

        channel.advanceTimeBy(LIMITS.slowConsumerSeconds() - 1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("open before the limit").isTrue();

        channel.advanceTimeBy(LIMITS.slowConsumerSeconds() + 1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen())
                .as("open after two periods without reading")
                .isFalse();
    }

    @Test
    void aPeerThatKeepsDrainingItsOutputIsNotCutOff() {
        for (int period = 0; period < 5; period++) {
            var unused = channel.write(Unpooled.wrappedBuffer(new byte[64])); // unflushed on purpose: bytes pending
            assertThat(channel.isWritable()).isFalse();
            channel.advanceTimeBy(LIMITS.slowConsumerSeconds() - 1, TimeUnit.SECONDS);
            channel.runScheduledPendingTasks();
            channel.flush(); // the peer read it: below the low-water mark, writable again
            assertThat(channel.isWritable()).isTrue();
            channel.releaseOutbound();
        }
        var unused = channel.write(Unpooled.wrappedBuffer(new byte[64])); // unflushed on purpose: bytes pending
        channel.advanceTimeBy(LIMITS.slowConsumerSeconds() + 1, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen())
                .as("open: it kept reading, each stall shorter than the limit")
                .isTrue();
    }

    private void started(int count) {
        for (int i = 0; i < count; i++) {
            link.requestStarted();
        }
    }

    private void finished(int count) {
        for (int i = 0; i < count; i++) {
            link.requestFinished();
        }
    }
}
