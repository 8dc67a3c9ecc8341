package io.parley.protocol.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.parley.protocol.SampleMessages;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.ProtocolException;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Arbitrary bytes from the network, through the server's inbound pipeline ({@link Frames#decoder} then
 * {@link MessageDecoder}) and through both codecs directly. What must hold for every input:
 * <ul>
 *   <li>the only failures are the documented ones: {@link TooLongFrameException} from the frame decoder,
 *       {@link ProtocolException} from a codec (which the pipeline turns into a {@link DecodeFailure});</li>
 *   <li>the same messages come out however the bytes are cut, and every buffer is released (checked on
 *       each input with an allocator of its own, rather than by the leak detector a garbage collection later);</li>
 *   <li>the stream and byte-array decoders agree;</li>
 *   <li>whatever decodes re-encodes to the same message (decode after encode is the identity).</li>
 * </ul>
 * In regression mode (plain {@code mvn verify}) this runs the sample frames of {@link SampleMessages} and
 * every file in {@code DecoderFuzzTestInputs/decode} (the tutorial client's own frames and every crash the
 * fuzzer ever found); with {@code JAZZER_FUZZ=1} it fuzzes from those seeds (docs/security.md, "Fuzzing").
 */
class DecoderFuzzTest {
    /** Small enough that fuzzed lengths reach the limit; the sample frames all fit. */
    private static final int MAX_BODY = 2048;

    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();
    private static final MessageCodec<ServerMessage, ClientMessage> CLIENT = MessageCodec.client();

    static Stream<Arguments> sampleFrames() {
        Stream<byte[]> client = SampleMessages.clientMessages().stream().map(CLIENT::encode);
        Stream<byte[]> server = SampleMessages.serverMessages().stream().map(SERVER::encode);
        return Stream.concat(client, server).map(DecoderFuzzTest::framed).map(bytes -> Arguments.of((Object) bytes));
    }

    @MethodSource("sampleFrames")
    @FuzzTest(maxDuration = "20s")
    void decode(byte[] input) throws Exception {
        List<Object> whole = pipeline(input, input.length);
        List<Object> split = pipeline(input, input.length / 3);
        assertThat(split).as("the same messages however the bytes are cut").isEqualTo(whole);

        for (Object decoded : whole) {
            if (decoded instanceof ClientMessage message) {
                assertThat(SERVER.decode(CLIENT.encode(message)))
                        .as("decode(encode(m)) == m")
                        .isEqualTo(message);
            } else if (decoded instanceof DecodeFailure failure) {
                assertThat(failure.reason()).isNotBlank();
            }
        }
        codecs(input);
        codecs(body(input));
    }

    /** Feeds {@code input} to a fresh pipeline in two writes, cut at {@code cut}; returns what came out. */
    private static List<Object> pipeline(byte[] input, int cut) throws Exception {
        // An allocator of its own per input, so that a buffer never released shows in its counters at once.
        UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true, false);
        EmbeddedChannel channel = new EmbeddedChannel(false, false);
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(Frames.decoder(MAX_BODY), new MessageDecoder<>(SERVER));
        channel.register();
        List<ByteBuf> fed = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        try {
            for (byte[] piece :
                    List.of(Arrays.copyOfRange(input, 0, cut), Arrays.copyOfRange(input, cut, input.length))) {
                ByteBuf buf = channel.alloc().buffer(piece.length).writeBytes(piece);
                fed.add(buf);
                channel.writeInbound(buf);
                drain(channel, out);
            }
        } catch (TooLongFrameException e) {
            // The documented refusal of a length above the limit; the transport closes the connection on it,
            // so what came before it counts and nothing after it does.
            drain(channel, out);
            out.add(e.getClass());
        }
        channel.finishAndReleaseAll();
        for (ByteBuf buf : fed) {
            assertThat(buf.refCnt()).as("inbound buffer released").isZero();
        }
        assertThat(alloc.metric().usedHeapMemory() + alloc.metric().usedDirectMemory())
                .as("bytes never released")
                .isZero();
        return out;
    }

    private static void drain(EmbeddedChannel channel, List<Object> out) {
        for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
            assertThat(m).isNotInstanceOf(ByteBuf.class);
            out.add(m);
        }
    }

    /** Both codecs, from an array and from a stream, on {@code body} as one frame body. */
    private static void codecs(byte[] body) throws ProtocolException {
        Object fromArray = decodeOrFailure(() -> SERVER.decode(body));
        Object fromStream = decodeOrFailure(() -> SERVER.decode(new java.io.ByteArrayInputStream(body)));
        assertThat(fromStream).as("stream and array decoders agree").isEqualTo(fromArray);
        if (fromArray instanceof ClientMessage message) {
            assertThat(SERVER.decode(CLIENT.encode(message))).isEqualTo(message);
        }
        Object reply = decodeOrFailure(() -> CLIENT.decode(body));
        if (reply instanceof ServerMessage message) {
            assertThat(CLIENT.decode(SERVER.encode(message)))
                    .as("decode(encode(m)) == m")
                    .isEqualTo(message);
        }
    }

    private interface Decode {
        Object run() throws ProtocolException;
    }

    /** The message, or the failure's type and text: anything other than a ProtocolException escapes. */
    private static Object decodeOrFailure(Decode decode) {
        try {
            return Objects.requireNonNull(decode.run(), "a decoder returned null");
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isNotBlank();
            return List.of(String.valueOf(e.type()), e.getMessage());
        }
    }

    /** The bytes after a 4-byte header, when there is one: the fuzzer's frames, seen as a bare body. */
    private static byte[] body(byte[] input) {
        return input.length < Frames.HEADER_LENGTH
                ? input
                : Arrays.copyOfRange(input, Frames.HEADER_LENGTH, input.length);
    }

    private static byte[] framed(byte[] body) {
        return ByteBuffer.allocate(Frames.HEADER_LENGTH + body.length)
                .putInt(body.length)
                .put(body)
                .array();
    }
}
