package io.parley.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.SmsMes;
import io.parley.server.service.SharedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One broadcast to a thousand connections through the server's real frame encoder: each recipient
 * encoding its own copy, against one {@link SharedMessage} encoded once and copied per recipient.
 * (In this package because the encoder is package-private.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanoutBenchmark {
    @Param({"1000"})
    int members;

    private final List<EmbeddedChannel> channels = new ArrayList<>();
    /** A broadcast as tutorial connections receive it (the encoder writes any message to any connection alike). */
    private final SmsMes message = SmsMes.seed("standup in five minutes, bring your notes", 100, "tom");

    @Setup(Level.Trial)
    public void connect() {
        ServerFrameEncoder encoder = new ServerFrameEncoder(MessageCodec.server());
        for (int i = 0; i < members; i++) {
            channels.add(new EmbeddedChannel(encoder));
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    @Benchmark
    public long encodePerRecipient() {
        long bytes = 0;
        for (EmbeddedChannel ch : channels) {
            ch.writeOutbound(message);
            bytes += drain(ch);
        }
        return bytes;
    }

    @Benchmark
    public long encodeOnceShared() {
        SharedMessage shared = new SharedMessage(message);
        long bytes = 0;
        for (EmbeddedChannel ch : channels) {
            ch.writeOutbound(shared);
            bytes += drain(ch);
        }
        return bytes;
    }

    private static long drain(EmbeddedChannel ch) {
        long bytes = 0;
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }
}
