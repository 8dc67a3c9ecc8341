package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.Frames;
import io.parley.server.metrics.ServerMetrics;
import io.parley.server.service.SharedMessage;
import io.parley.server.service.SharedRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A link on an {@code EmbeddedChannel} with the real frame encoder, no service, and a frozen clock. A test
 * handler plays the peer: while it does not read, flushes stop before the socket, so what the link sends waits
 * in the channel's outbound buffer as it would in a full socket.
 */
class ChannelLinkTest {
    private static final int HIGH_WATER = 4 * 1024;
    private static final int HARD_LIMIT = 16 * 1024;
    private static final Backpressure LIMITS = new Backpressure(4, 60);
    /** About 1 KB on the wire. */
    private static final SmsMes CHUNK = SmsMes.seed("c".repeat(1000), 1, "ann");

    private final Peer peer = new Peer();
    private EmbeddedChannel channel;
    private ChannelLink link;

    @BeforeEach
    void open() {
        channel = new EmbeddedChannel(peer, new ServerFrameEncoder(MessageCodec.server()), new Writability());
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(HIGH_WATER / 2, HIGH_WATER));
        channel.freezeTime();
        link = new ChannelLink(channel, HARD_LIMIT, LIMITS);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aRunLeavesAsOneWriteWhereTheEncoderFramesItAndMessageByMessageWhereNot() throws IOException {
        SharedRun run = new SharedRun(List.of(new SharedMessage(new PongMes(1)), new SharedMessage(new PongMes(2))));
        ServerMetrics metrics = new ServerMetrics();
        ChannelLink tcpLink = new ChannelLink(channel, HARD_LIMIT, LIMITS, metrics);
        EmbeddedChannel web = new EmbeddedChannel();
        ChannelLink webLink = new ChannelLink(web, HARD_LIMIT, LIMITS);

        tcpLink.send(run);
        webLink.send(run);
        channel.runPendingTasks();
        web.runPendingTasks();

        ByteBuf frames = channel.readOutbound();
        assertThat(frames.readableBytes())
                .as("both frames in one buffer")
                .isEqualTo(2 * Frames.HEADER_LENGTH
                        + MessageCodec.server().encode(new PongMes(1)).length
                        + MessageCodec.server().encode(new PongMes(2)).length);
        frames.release();
        assertThat(channel.<Object>readOutbound()).isNull();
        SharedMessage firstOnTheWeb = web.readOutbound();
        SharedMessage secondOnTheWeb = web.readOutbound();
        assertThat(List.of(firstOnTheWeb.message(), secondOnTheWeb.message()))
                .as("a pipeline without the TCP encoder (a WebSocket's) gets the messages one by one, in order")
                .containsExactly(new PongMes(1), new PongMes(2));
        web.finishAndReleaseAll();
        ByteArrayOutputStream scrape = new ByteArrayOutputStream();
        metrics.writeTo(scrape);
        assertThat(scrape.toString(StandardCharsets.UTF_8))
                .as("counted as the messages it carries")
                .contains("parley_messages_sent_total{type=\"PongMes\"} 2.0");
    }

    @Test
    void aPeerOwedMoreThanTheHardLimitIsClosedAtTheNextSendAndTheMessageDropped() {
        peer.stopReading();
        while (pendingBytes() <= HARD_LIMIT) {
            assertThat(channel.isOpen())
                    .as("open while it owes %d bytes", pendingBytes())
                    .isTrue();
            link.send(CHUNK);
        }
        assertThat(channel.isOpen())
                .as("the limit is checked when the next message comes")
                .isTrue();

        link.send(CHUNK);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aPeerThatStopsReadingIsCutOffOnePeriodAfterItsOutputRoseAboveTheHighWaterMark() {
        peer.stopReading();
        fillPastHighWaterMark();

        advanceSeconds(LIMITS.slowConsumerSeconds() - 1);
        assertThat(channel.isOpen()).as("open just before the soft limit").isTrue();
        advanceSeconds(2);
        assertThat(channel.isOpen()).as("closed just after it").isFalse();
    }

    @Test
    void aPeerThatReadSomeDuringThePeriodGetsAnotherWholePeriod() {
        peer.stopReading();
        fillPastHighWaterMark();
        advanceSeconds(LIMITS.slowConsumerSeconds() / 2);
        peer.readAll();
        peer.stopReading();
        fillPastHighWaterMark();

        advanceSeconds(LIMITS.slowConsumerSeconds() / 2 + 1);
        assertThat(channel.isOpen())
                .as("open: it was writable once in the first period")
                .isTrue();
        advanceSeconds(LIMITS.slowConsumerSeconds() - 2);
        assertThat(channel.isOpen())
                .as("open just before the second period ends")
                .isTrue();
        advanceSeconds(2);
        assertThat(channel.isOpen())
                .as("closed: not writable once in the second")
                .isFalse();
    }

    @Test
    void readingPausesAboveTheRequestMarkAndResumesAtHalfItCountingSilenceAfresh() {
        for (int i = 0; i < LIMITS.maxRequestsInFlight(); i++) {
            link.requestStarted();
        }
        assertThat(channel.config().isAutoRead()).as("reading at the mark").isTrue();
        link.requestStarted();
        assertThat(channel.config().isAutoRead()).as("paused above it").isFalse();
        advanceSeconds(100);
        assertThat(link.silentNanos()).as("a pause is not the peer's silence").isZero();

        link.requestFinished();
        link.requestFinished();
        assertThat(channel.config().isAutoRead())
                .as("still paused above half the mark")
                .isFalse();
        link.requestFinished();
        assertThat(channel.config().isAutoRead())
                .as("reading again at half the mark")
                .isTrue();
        assertThat(link.silentNanos()).as("silence counts from the resume").isZero();
    }

    @Test
    void tasksWaitingForRoomRunInTheOrderTheyCameOnceThePeerReads() {
        List<String> ran = new ArrayList<>();
        peer.stopReading();
        fillPastHighWaterMark();
        link.whenWritable(() -> ran.add("first"));
        link.whenWritable(() -> ran.add("second"));
        assertThat(ran).as("nothing runs while there is no room").isEmpty();

        peer.readAll();

        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void aTaskThatFillsTheChannelAgainLeavesTheRestToWaitForTheNextRoom() {
        List<String> ran = new ArrayList<>();
        peer.stopReading();
        fillPastHighWaterMark();
        link.whenWritable(() -> {
            ran.add("first");
            peer.stopReading();
            fillPastHighWaterMark();
            link.whenWritable(() -> ran.add("after the second drain"));
        });
        link.whenWritable(() -> ran.add("second"));

        peer.readAll();
        assertThat(ran)
                .as("the tasks that were waiting run; the one queued meanwhile waits for room")
                .containsExactly("first", "second");

        peer.readAll();
        assertThat(ran).containsExactly("first", "second", "after the second drain");
    }

    @Test
    void aTaskRunsAtOnceWhenThereIsRoom() {
        List<String> ran = new ArrayList<>();
        link.whenWritable(() -> ran.add("now"));
        assertThat(ran).containsExactly("now");
    }

    @Test
    void writtenRunsOnlyOnceTheMessageHasLeft() {
        AtomicBoolean written = new AtomicBoolean();
        peer.stopReading();

        link.send(new SharedMessage(CHUNK), () -> written.set(true));
        assertThat(written).as("not while it waits for the peer").isFalse();
        peer.readAll();

        assertThat(written).isTrue();
    }

    @Test
    void closeLetsWhatWasSentBeforeItLeaveFirst() {
        peer.stopReading();
        PongMes last = new PongMes(7);
        link.send(last);

        link.close();
        assertThat(channel.isOpen())
                .as("open while the last message waits for the peer")
                .isTrue();
        peer.readAll();

        assertThat(channel.isOpen()).isFalse();
        ByteBuf frame = channel.readOutbound();
        try {
            assertThat(frame.skipBytes(Frames.HEADER_LENGTH).toString(StandardCharsets.UTF_8))
                    .contains("PongMes");
        } finally {
            frame.release();
        }
    }

    @Test
    void theLoginDeadlineLeavesAConnectionAloneOnceTheServiceSaysItLoggedIn() {
        channel.attr(Connections.LINK).set(link);
        assertThat(Connections.loggedIn(channel)).isFalse();

        link.authenticated();

        assertThat(Connections.loggedIn(channel)).isTrue();
    }

    @Test
    void aClosedConnectionNeedsNoLoginDeadline() {
        channel.attr(Connections.LINK).set(link);
        channel.close().syncUninterruptibly();
        assertThat(Connections.loggedIn(channel)).isTrue();
    }

    private void fillPastHighWaterMark() {
        while (channel.isWritable()) {
            link.send(CHUNK);
        }
    }

    private long pendingBytes() {
        return channel.unsafe().outboundBuffer().totalPendingWriteBytes();
    }

    private void advanceSeconds(long seconds) {
        channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
    }

    /** The peer at the other end of the socket: while it does not read, flushes stop here. */
    private final class Peer extends ChannelOutboundHandlerAdapter {
        private boolean reading = true;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (reading) {
                ctx.flush();
            }
        }

        void stopReading() {
            reading = false;
        }

        /** Takes everything waiting, as a peer reading its socket empty: the channel is writable again. */
        void readAll() {
            reading = true;
            channel.flush();
            channel.runPendingTasks();
        }
    }

    /**
     * Stands in for {@link SessionHandler}, as far as the link needs it: tells the link when the channel's
     * writability changes, and takes quietly the failed writes of a channel the link closed.
     */
    private final class Writability extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                ctx.fireExceptionCaught(cause);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                link.writable();
            } else {
                link.unwritable();
            }
            ctx.fireChannelWritabilityChanged();
        }
    }
}
