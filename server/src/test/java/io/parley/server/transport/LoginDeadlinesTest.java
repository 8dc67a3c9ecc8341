package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.parley.protocol.netty.Frames;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deadlines on a frozen clock: the timer runs on one {@code EmbeddedChannel}'s event loop whose time
 * only moves when the test moves it, and each connection is an {@code EmbeddedChannel} with a real frame
 * decoder in front of its {@link FirstFrameWatch}.
 */
class LoginDeadlinesTest {
    private static final AttributeKey<Boolean> LOGGED_IN = AttributeKey.valueOf("test.loggedIn");
    private static final AdmissionLimits LIMITS = new AdmissionLimits(5_000, 20_000, 64, 0, 256, 60);

    private final EmbeddedChannel clock = new EmbeddedChannel();
    private LoginDeadlines deadlines;

    @BeforeEach
    void freezeTheClock() {
        clock.freezeTime();
        deadlines = new LoginDeadlines(
                LIMITS,
                clock.eventLoop(),
                ((AbstractScheduledEventExecutor) clock.eventLoop()).ticker(),
                ch -> Boolean.TRUE.equals(ch.attr(LOGGED_IN).get()),
                new AdmissionReport(LIMITS, 100));
    }

    @AfterEach
    void stop() {
        deadlines.close();
        clock.finishAndReleaseAll();
    }

    @Test
    void aSilentConnectionIsClosedAtTheFirstFrameDeadlineAndNotBefore() {
        EmbeddedChannel silent = admitted();
        advance(4_800);
        assertThat(silent.isActive()).as("open just before the deadline").isTrue();
        advance(400);
        assertThat(silent.isActive()).as("closed just after it").isFalse();
    }

    @Test
    void halfAFrameSentAByteAtATimeNeverCountsAsAFirstFrame() {
        EmbeddedChannel trickle = admitted();
        byte[] frame = frame("{\"type\":\"HelloMes\",\"data\":{\"version\":2}}");
        for (int i = 0; i < frame.length - 1; i++) {
            trickle.writeInbound(Unpooled.wrappedBuffer(frame, i, 1));
            advance(100);
        }
        assertThat(trickle.inboundMessages()).as("no complete frame passed").isEmpty();
        advance(5_000 - 100 * (frame.length - 1) + 400);
        assertThat(trickle.isActive()).isFalse();
    }

    @Test
    void aFirstFrameInTimeLeavesTheConnectionUntilTheLoginDeadline() {
        EmbeddedChannel framed = admitted();
        advance(1_000);
        framed.writeInbound(Unpooled.wrappedBuffer(frame("{}")));
        releaseInbound(framed);
        assertThat(framed.pipeline().get(FirstFrameWatch.class))
                .as("the watch has left the pipeline")
                .isNull();
        advance(18_800);
        assertThat(framed.isActive()).as("open just before the login deadline").isTrue();
        advance(400);
        assertThat(framed.isActive()).as("closed: it never logged in").isFalse();
    }

    @Test
    void aConnectionThatLoggedInIsNeverClosedByTheDeadlines() {
        EmbeddedChannel user = admitted();
        advance(1_000);
        user.writeInbound(Unpooled.wrappedBuffer(frame("{}")));
        releaseInbound(user);
        user.attr(LOGGED_IN).set(true);
        advance(60_000);
        assertThat(user.isActive()).isTrue();
    }

    @Test
    void aRefusedConnectionWaitsOnlyTheShortGraceForItsFirstFrame() {
        EmbeddedChannel refused = new EmbeddedChannel();
        deadlines.refused(refused);
        advance(LoginDeadlines.REFUSAL_GRACE_MILLIS - 200);
        assertThat(refused.isActive()).isTrue();
        advance(400);
        assertThat(refused.isActive()).isFalse();
    }

    @Test
    void connectionsAcceptedLaterKeepTheirOwnDeadlines() {
        EmbeddedChannel first = admitted();
        advance(3_000);
        EmbeddedChannel second = admitted();
        advance(2_400);
        assertThat(first.isActive()).isFalse();
        assertThat(second.isActive()).isTrue();
        advance(3_000);
        assertThat(second.isActive()).isFalse();
    }

    @Test
    void aConnectionClosedBeforeItsDeadlineIsForgottenByIt() {
        EmbeddedChannel gone = admitted();
        gone.close().syncUninterruptibly();
        advance(30_000);
        assertThat(gone.isOpen()).isFalse();
        assertThat(clock.isActive()).as("the timer survived a closed entry").isTrue();
    }

    private EmbeddedChannel admitted() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(Frames.decoder(1024));
        channel.pipeline().addLast(deadlines.admitted(channel));
        return channel;
    }

    /** Moves the frozen clock in small steps, running the timer at each, as real time would. */
    private void advance(long millis) {
        for (long done = 0; done < millis; done += 100) {
            clock.advanceTimeBy(Math.min(100, millis - done), TimeUnit.MILLISECONDS);
            clock.runScheduledPendingTasks();
        }
    }

    private static void releaseInbound(Channel channel) {
        Object msg;
        while ((msg = ((EmbeddedChannel) channel).readInbound()) != null) {
            ((ByteBuf) msg).release();
        }
    }

    private static byte[] frame(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer().writeInt(bytes.length).writeBytes(bytes);
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        buf.release();
        return out;
    }
}
