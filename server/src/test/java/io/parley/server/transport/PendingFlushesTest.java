package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.netty.Frames;
import io.parley.server.service.SharedMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Links on a real event loop (an in-VM channel pair), since the batching is about loop turns, which an
 * {@code EmbeddedChannel} does not have: it runs queued tasks inside every write.
 */
class PendingFlushesTest {
    private static final Backpressure LIMITS = new Backpressure(4, 60);

    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final AtomicInteger flushes = new AtomicInteger();
    private final List<Integer> received = new CopyOnWriteArrayList<>();
    private Channel first;
    private Channel second;

    @BeforeEach
    void connect() throws InterruptedException {
        LocalAddress address = new LocalAddress("pending-flushes-" + System.nanoTime());
        var unused = new ServerBootstrap()
                .group(loop)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                                received.add(frame.readableBytes());
                            }
                        });
                    }
                })
                .bind(address)
                .sync();
        first = client(address);
        second = client(address);
    }

    private Channel client(LocalAddress address) throws InterruptedException {
        return new Bootstrap()
                .group(loop)
                .channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new FlushCounter(), new ServerFrameEncoder(MessageCodec.server()));
                    }
                })
                .connect(address)
                .sync()
                .channel();
    }

    @AfterEach
    void close() throws InterruptedException {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void everythingOneTaskSendsLeavesAfterItWithOneFlushPerConnection() throws Exception {
        ChannelLink toFirst = new ChannelLink(first, 1 << 20, LIMITS);
        ChannelLink toSecond = new ChannelLink(second, 1 << 20, LIMITS);
        SharedMessage shared = new SharedMessage(new PongMes(1));
        CompletableFuture<Integer> flushedDuringTheTask = new CompletableFuture<>();

        loop.execute(() -> {
            for (int i = 0; i < 5; i++) {
                toFirst.send(shared);
                toSecond.send(shared);
            }
            toFirst.send(new PongMes(2));
            flushedDuringTheTask.complete(flushes.get());
        });

        assertThat(flushedDuringTheTask.get(5, TimeUnit.SECONDS)).isZero();
        // In-VM channels hand over what one flush wrote as one buffer, so count bytes, not buffers.
        int frame = Frames.HEADER_LENGTH + MessageCodec.server().encode(new PongMes(1)).length;
        await().atMost(Duration.ofSeconds(5)).until(() -> bytesReceived() == 11 * frame);
        assertThat(flushes.get()).as("one per connection").isEqualTo(2);
    }

    @Test
    void anUnhurriedSendIsNotFlushedAfterItsTaskButWithinTheDelay() throws Exception {
        ChannelLink toFirst = new ChannelLink(first, 1 << 20, LIMITS);
        CompletableFuture<Integer> flushedAfterTheTask = new CompletableFuture<>();
        long[] sentAt = new long[1];

        loop.execute(() -> {
            sentAt[0] = System.nanoTime();
            toFirst.sendUnhurried(new SharedMessage(new PongMes(1)));
            loop.execute(() -> flushedAfterTheTask.complete(flushes.get()));
        });

        assertThat(flushedAfterTheTask.get(5, TimeUnit.SECONDS)).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> bytesReceived() > 0);
        assertThat(System.nanoTime() - sentAt[0])
                .as("waited for the unhurried flush")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(PendingFlushes.UNHURRIED_FLUSH_MILLIS));
    }

    @Test
    void anUrgentSendTakesTheUnhurriedOnesBeforeItAlongInItsFlush() throws Exception {
        ChannelLink toFirst = new ChannelLink(first, 1 << 20, LIMITS);
        CompletableFuture<Integer> flushedAfterTheRound = new CompletableFuture<>();

        loop.execute(() -> {
            toFirst.sendUnhurried(new SharedMessage(new PongMes(1)));
            toFirst.send(new PongMes(2));
            loop.execute(() -> flushedAfterTheRound.complete(flushes.get()));
        });

        assertThat(flushedAfterTheRound.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        int frame = Frames.HEADER_LENGTH + MessageCodec.server().encode(new PongMes(1)).length;
        await().atMost(Duration.ofSeconds(5)).until(() -> bytesReceived() == 2 * frame);
    }

    @Test
    void aSendFromAnotherThreadLeavesWithoutATaskOfTheLoopToFlushIt() {
        ChannelLink toFirst = new ChannelLink(first, 1 << 20, LIMITS);

        toFirst.send(new PongMes(3));

        await().atMost(Duration.ofSeconds(5)).until(() -> bytesReceived() > 0);
    }

    @Test
    void sendsFromAnotherThreadThatMeetOnTheLoopLeaveWithOneFlushPerConnection() throws Exception {
        ChannelLink toFirst = new ChannelLink(first, 1 << 20, LIMITS);
        ChannelLink toSecond = new ChannelLink(second, 1 << 20, LIMITS);
        SharedMessage shared = new SharedMessage(new PongMes(1));
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> {
            loopHeld.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(loopHeld.await(5, TimeUnit.SECONDS)).isTrue();

        // As a commit's acknowledgements reach the loop: from the store's thread, while the loop is busy.
        for (int i = 0; i < 5; i++) {
            toFirst.send(shared);
            toSecond.send(shared);
        }
        release.countDown();

        int frame = Frames.HEADER_LENGTH + MessageCodec.server().encode(new PongMes(1)).length;
        await().atMost(Duration.ofSeconds(5)).until(() -> bytesReceived() == 10 * frame);
        assertThat(flushes.get()).as("one per connection").isEqualTo(2);
    }

    private int bytesReceived() {
        return received.stream().mapToInt(Integer::intValue).sum();
    }

    /** Counts the flushes that reach the socket end of a pipeline. */
    private final class FlushCounter extends ChannelOutboundHandlerAdapter {
        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.incrementAndGet();
            ctx.flush();
        }
    }
}
