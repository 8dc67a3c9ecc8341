package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireSize;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.HelloResMes;
import io.parley.protocol.message.PongMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.server.service.SharedMessage;
import io.parley.server.service.SharedRun;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The encoder writes one frame per message — a 4-byte big-endian length, then the body — whatever the
 * connection: it reads nothing of the channel (no attribute, no session), since what a connection may receive
 * was decided before the message reached it. A shared message's body is made once and reused.
 */
class ServerFrameEncoderTest {
    private static final MessageCodec<ClientMessage, ServerMessage> CODEC = MessageCodec.server();

    private final ServerFrameEncoder encoder = new ServerFrameEncoder(CODEC);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() {
        channels.forEach(ch ->
                assertThat(ch.finishAndReleaseAll()).as("nothing left over").isFalse());
    }

    @Test
    void aMessageLeavesAsItsLengthThenItsBodyInOneBuffer() {
        EmbeddedChannel channel = channel();
        PongMes pong = new PongMes(1234);

        channel.writeOutbound(pong);

        assertThat(frameBody(channel)).isEqualTo(CODEC.encode(pong));
    }

    @Test
    void anExtensionTypeAndALargeBodyLeaveAsTheyAreOnAChannelWithNoSession() {
        EmbeddedChannel channel = channel();
        HelloResMes hello = new HelloResMes(2, "parley", 65536, 4096, 30);
        SmsMes large = SmsMes.seed("x".repeat(20_000), 1, "ann");

        channel.writeOutbound(hello, new SharedMessage(large));

        assertThat(frameBody(channel)).isEqualTo(CODEC.encode(hello));
        assertThat(frameBody(channel))
                .as("not cut: fitting is the service's business")
                .isEqualTo(CODEC.encode(large))
                .hasSizeGreaterThan(WireSize.SEED_MAX_BODY);
    }

    @Test
    void aSharedMessageIsEncodedOnceAndTheSameBodyGoesToEveryConnection() {
        SharedMessage shared = new SharedMessage(SmsMes.seed("standup in five", 100, "tom"));
        EmbeddedChannel first = channel();
        EmbeddedChannel second = channel();

        first.writeOutbound(shared);
        byte[] made = shared.body(m -> {
            throw new AssertionError("encoded a second time");
        });
        second.writeOutbound(shared);

        assertThat(frameBody(first)).isEqualTo(made);
        assertThat(frameBody(second)).isEqualTo(made);
    }

    @Test
    void fromItsSecondRecipientOnASharedMessageIsOneFrameEveryConnectionGetsAViewOf() {
        SharedMessage shared = new SharedMessage(SmsMes.seed("standup in five", 100, "tom"));
        byte[] body = CODEC.encode(shared.message());
        List<ByteBuf> views = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            EmbeddedChannel channel = channel();
            channel.writeOutbound(shared);
            views.add(channel.readOutbound());
        }

        assertThat(views.get(0).hasMemoryAddress())
                .as("off-heap, as the socket takes it")
                .isTrue();
        assertThat(views.subList(2, 4))
                .as("the second, third and fourth recipients share the frame the second one made")
                .allSatisfy(v ->
                        assertThat(v.memoryAddress()).isEqualTo(views.get(1).memoryAddress()));
        assertThat(views.get(0).memoryAddress())
                .as("a message sent once gets no frame of its own: the first write is an ordinary buffer")
                .isNotEqualTo(views.get(1).memoryAddress());
        // Each view is released after its write; what the others see must not change, nor their frame be freed.
        for (ByteBuf view : views) {
            assertThat(frameBody(view)).isEqualTo(body);
        }
        EmbeddedChannel later = channel();
        later.writeOutbound(shared);
        assertThat(frameBody(later))
                .as("sent again after every earlier view was released")
                .isEqualTo(body);
    }

    @Test
    void aRunLeavesAsItsMessagesFramesOneAfterAnotherInOneFrameEveryConnectionGetsAViewOf() {
        SharedMessage first = new SharedMessage(SmsMes.seed("standup in five", 100, "tom"));
        SharedMessage second = new SharedMessage(new PongMes(7));
        SharedRun run = new SharedRun(List.of(first, second));
        List<ByteBuf> views = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            EmbeddedChannel channel = channel();
            channel.writeOutbound(run);
            views.add(channel.readOutbound());
        }

        assertThat(views.get(0).hasMemoryAddress()).as("off-heap").isTrue();
        assertThat(views.get(1).memoryAddress())
                .as("made once, at the first recipient: a run only exists for many")
                .isEqualTo(views.get(0).memoryAddress());
        for (ByteBuf view : views) {
            try {
                assertThat(nextFrameBody(view)).isEqualTo(CODEC.encode(first.message()));
                assertThat(nextFrameBody(view)).isEqualTo(CODEC.encode(second.message()));
                assertThat(view.isReadable())
                        .as("nothing after the run's frames")
                        .isFalse();
            } finally {
                view.release();
            }
        }
    }

    @Test
    void aBodyTheServiceAlreadyMadeIsSentAsItIsNotEncodedAgain() {
        SharedMessage measured = new SharedMessage(new PongMes(1));
        byte[] body = "{\"type\":\"PongMes\",\"data\":\"{\\\"ts\\\":99}\"}".getBytes(StandardCharsets.UTF_8);
        measured.body(m -> body);
        EmbeddedChannel channel = channel();

        channel.writeOutbound(measured);

        assertThat(frameBody(channel)).isEqualTo(body);
    }

    @Test
    void whatIsNotAServerMessagePassesThroughUntouched() {
        EmbeddedChannel channel = channel();
        channel.writeOutbound("not a message");
        Object out = channel.readOutbound();
        assertThat(out).isEqualTo("not a message");
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        channels.add(channel);
        return channel;
    }

    /** Reads the next frame, checks it is exactly one whole frame, and returns its body. */
    private static byte[] frameBody(EmbeddedChannel channel) {
        return frameBody((ByteBuf) channel.readOutbound());
    }

    /** Reads the frame at {@code frames}' reader index and returns its body. */
    private static byte[] nextFrameBody(ByteBuf frames) {
        byte[] body = new byte[frames.readInt()];
        frames.readBytes(body);
        return body;
    }

    /** Checks that {@code frame} is exactly one whole frame, releases it and returns its body. */
    private static byte[] frameBody(ByteBuf frame) {
        try {
            int length = frame.readInt();
            assertThat(frame.readableBytes())
                    .as("the header gives the body's length")
                    .isEqualTo(length);
            byte[] body = new byte[length];
            frame.readBytes(body);
            return body;
        } finally {
            frame.release();
        }
    }
}
