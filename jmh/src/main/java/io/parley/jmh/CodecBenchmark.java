package io.parley.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.ProtocolException;
import io.parley.protocol.message.AckMes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.netty.MessageDecoder;
import io.parley.protocol.netty.MessageEncoder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** The cost of turning one chat message into a frame and one frame into a message. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final MessageCodec<ClientMessage, ServerMessage> server = MessageCodec.server();
    private final MessageCodec<ServerMessage, ClientMessage> client = MessageCodec.client();
    private final PrivateDelivery delivery = new PrivateDelivery(
            123456, 42, 100, "tom", 200, "hello there, how is the weather in the mountains today?", 1_764_140_000_000L);
    private final LoginResMes bigLogin =
            new LoginResMes(200, IntStream.range(0, 1000).boxed().toList(), "", "tom", "token", 19_000);
    private final byte[] sendFrame =
            client.encode(new PrivateSend(200, "hello there, how is the weather in the mountains today?", "c-12345"));

    @Benchmark
    public byte[] encodePrivateDelivery() {
        return server.encode(delivery);
    }

    @Benchmark
    public int encodePrivateDeliveryIntoPooledBuffer() throws IOException {
        ByteBuf out = PooledByteBufAllocator.DEFAULT.buffer(256);
        try {
            MessageEncoder.writeFrame(server, delivery, out);
            return out.readableBytes();
        } finally {
            out.release();
        }
    }

    @Benchmark
    public ClientMessage decodePrivateSend() throws ProtocolException {
        return server.decode(sendFrame);
    }

    private final byte[] deliveryFrame = server.encode(delivery);

    @Benchmark
    public ServerMessage decodePrivateDelivery() throws ProtocolException {
        return client.decode(deliveryFrame);
    }

    @Benchmark
    public byte[] encodeLoginReplyWithThousandIds() {
        return server.encode(bigLogin);
    }

    private final GroupDelivery groupDelivery = new GroupDelivery(
            123456,
            77,
            "hikers",
            100,
            "tom",
            "hello there, how is the weather in the mountains today?",
            1_764_140_000_000L);
    private final SendAckMes sendAck = new SendAckMes("c-12345", 123456, 1_764_140_000_000L, false);
    private final byte[] groupSendFrame = client.encode(
            new GroupSend("hikers", "hello there, how is the weather in the mountains today?", "c-12345"));
    private final byte[] ackFrame = client.encode(new AckMes("group:hikers", 77));

    @Benchmark
    public byte[] encodeGroupDelivery() {
        return server.encode(groupDelivery);
    }

    @Benchmark
    public byte[] encodeSendAck() {
        return server.encode(sendAck);
    }

    @Benchmark
    public ClientMessage decodeGroupSend() throws ProtocolException {
        return server.decode(groupSendFrame);
    }

    @Benchmark
    public ClientMessage decodeAck() throws ProtocolException {
        return server.decode(ackFrame);
    }

    /** The server's inbound path: a frame body in a pooled direct buffer, through the pipeline's decoder. */
    private final EmbeddedChannel inbound = new EmbeddedChannel(new MessageDecoder<>(server));

    private final ByteBuf directSendFrame =
            PooledByteBufAllocator.DEFAULT.directBuffer(sendFrame.length).writeBytes(sendFrame);

    @Benchmark
    public Object decodePrivateSendFromDirectBuffer() {
        inbound.writeInbound(directSendFrame.retainedDuplicate());
        return inbound.readInbound();
    }

    @TearDown
    public void release() {
        directSendFrame.release();
        inbound.finishAndReleaseAll();
    }
}
