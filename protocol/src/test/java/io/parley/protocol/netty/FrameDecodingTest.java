package io.parley.protocol.netty;

import static io.parley.protocol.WireBytes.envelope;
import static io.parley.protocol.WireBytes.frame;
import static io.parley.protocol.WireBytes.frames;
import static io.parley.protocol.WireBytes.header;
import static io.parley.protocol.WireBytes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.parley.protocol.NoLeaks;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireSize;
import io.parley.protocol.message.LoginMes;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.User;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The inbound half of a server pipeline, {@code Frames.decoder} then {@link MessageDecoder}: TCP delivers
 * frames in arbitrary pieces, so the same messages must come out however the bytes are cut, with nothing
 * left over; oversized lengths fail on the header alone; a bad body costs one {@link DecodeFailure}, not
 * the connection. Inbound buffers come from the channel's (leak-tracked) allocator.
 */
@ExtendWith(NoLeaks.class)
class FrameDecodingTest {
    private static final int MAX_BODY = 1024;
    private static final String LOGIN = envelope("LoginMes", json("{'userId':100,'userPwd':'123456','userName':''}"));
    private static final String SMS = envelope(
            "SmsMes", json("{'content':'hello','userId':100,'userPwd':'','userName':'','userStatus':0,'sex':''}"));
    private static final String REGISTER = envelope(
            "RegisterMes", json("{'user':{'userId':7,'userPwd':'pw','userName':'ann','userStatus':0,'sex':''}}"));
    private static final List<Object> EXPECTED = List.of(
            new LoginMes(100, "123456", ""),
            SmsMes.seed("hello", 100, ""),
            new RegisterMes(new User(7, "pw", "ann", 0, "")));

    private final EmbeddedChannel channel = newChannel(MAX_BODY);

    @AfterEach
    void finish() {
        // finish() closes the channel, runs the decoders' end-of-input pass, and reports anything still queued.
        if (channel.isOpen()) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void decodesFramesFedOneByteAtATime() {
        byte[] bytes = frames(LOGIN, SMS, REGISTER);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            channel.writeInbound(buffer(Arrays.copyOfRange(bytes, i, i + 1)));
            drainInto(out);
            if (i < bytes.length - 1) {
                assertThat(out).as("after byte %d", i).hasSizeLessThan(3);
            }
        }

        assertThat(out).isEqualTo(EXPECTED);
        assertThat(channel.finish()).as("nothing left over").isFalse();
    }

    @Test
    void decodesSeveralFramesJoinedInOneBuffer() {
        channel.writeInbound(buffer(frames(LOGIN, SMS, REGISTER)));

        assertThat(drain()).isEqualTo(EXPECTED);
        assertThat(channel.finish()).as("nothing left over").isFalse();
    }

    @Test
    void decodesFramesSplitAcrossTwoBuffersAtEveryPosition() {
        byte[] bytes = frames(LOGIN, SMS);
        for (int cut = 1; cut < bytes.length; cut++) {
            EmbeddedChannel split = newChannel(MAX_BODY);
            split.writeInbound(buffer(split, Arrays.copyOfRange(bytes, 0, cut)));
            split.writeInbound(buffer(split, Arrays.copyOfRange(bytes, cut, bytes.length)));

            assertThat(drain(split)).as("cut at %d", cut).isEqualTo(EXPECTED.subList(0, 2));
            assertThat(split.finish())
                    .as("nothing left over after cut at %d", cut)
                    .isFalse();
        }
    }

    @Test
    void decodesAFrameWhoseHeaderAndBodyArriveSeparately() {
        // The tutorial's client writes the header and the body in two writes: often two TCP segments.
        byte[] bytes = frame(LOGIN);
        channel.writeInbound(buffer(Arrays.copyOfRange(bytes, 0, 4)));
        assertThat(drain()).isEmpty();

        channel.writeInbound(buffer(Arrays.copyOfRange(bytes, 4, bytes.length)));
        assertThat(drain()).containsExactly(EXPECTED.get(0));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aPartialFrameIsHeldUntilTheRestArrivesAndTheNextFrameStillLinesUp() {
        byte[] bytes = frames(LOGIN, SMS);
        int middleOfSecond = frame(LOGIN).length + 10;
        channel.writeInbound(buffer(Arrays.copyOfRange(bytes, 0, middleOfSecond)));
        assertThat(drain()).containsExactly(EXPECTED.get(0));

        channel.writeInbound(buffer(Arrays.copyOfRange(bytes, middleOfSecond, bytes.length)));
        channel.writeInbound(buffer(frame(REGISTER)));
        assertThat(drain()).isEqualTo(EXPECTED.subList(1, 3));
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        String body = padded(MAX_BODY);
        channel.writeInbound(buffer(frame(body)));

        assertThat(drain()).containsExactly(new LoginMes(100, "", ""));
    }

    @Test
    void aBodyOneByteOverTheLimitFailsOnTheHeaderAlone() {
        assertThatThrownBy(() -> channel.writeInbound(buffer(header(MAX_BODY + 1))))
                .isInstanceOf(TooLongFrameException.class);
        assertThat(drain()).isEmpty();
    }

    @Test
    void aLengthOfTwoToTheThirtyFirstIsReadUnsignedAndFailsBeforeAnyBodyArrives() {
        // Read as a signed int this would be negative (a CorruptedFrameException); unsigned it is 2^31 bytes.
        assertThatThrownBy(() -> channel.writeInbound(buffer(header(1L << 31))))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining(String.valueOf((1L << 31) + 4));
        assertThat(drain()).isEmpty();
    }

    @Test
    void theLargestUnsignedLengthFailsToo() {
        assertThatThrownBy(() -> channel.writeInbound(buffer(header(0xFFFF_FFFFL))))
                .isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining(String.valueOf(0xFFFF_FFFFL + 4));
    }

    @Test
    void bytesAfterAnOversizedHeaderAreDiscardedNotBuffered() {
        assertThatThrownBy(() -> channel.writeInbound(buffer(header(1L << 31))))
                .isInstanceOf(TooLongFrameException.class);
        // What follows belongs to the refused frame: it is skipped as it arrives, never decoded or kept.
        for (int i = 0; i < 64; i++) {
            channel.writeInbound(buffer(frames(LOGIN, SMS)));
        }

        assertThat(drain()).isEmpty();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void anUndecodableBodyYieldsADecodeFailureAndTheNextFrameStillDecodes() {
        String dataAsObject = "{\"type\":\"LoginMes\",\"data\":{\"userId\":100}}";
        channel.writeInbound(buffer(frames(dataAsObject, LOGIN)));

        List<Object> out = drain();
        assertThat(out).hasSize(2);
        assertThat(out.get(0))
                .isEqualTo(new DecodeFailure(
                        "LoginMes", "\"data\" must be a JSON string holding the object, not an object"));
        assertThat(out.get(1)).isEqualTo(EXPECTED.get(0));
        assertThat(channel.isOpen()).isTrue();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void invalidJsonUnknownTypesAndEmptyBodiesEachYieldOneDecodeFailure() {
        channel.writeInbound(buffer(frames("{not json", envelope("NoSuchMes", "{}"), "", SMS)));

        List<Object> out = drain();
        assertThat(out).hasSize(4);
        assertThat(out.get(0)).isInstanceOfSatisfying(DecodeFailure.class, f -> {
            assertThat(f.type()).isNull();
            assertThat(f.reason()).startsWith("invalid JSON");
        });
        assertThat(out.get(1)).isEqualTo(new DecodeFailure("NoSuchMes", "unknown message type \"NoSuchMes\""));
        assertThat(out.get(2))
                .isInstanceOfSatisfying(
                        DecodeFailure.class, f -> assertThat(f.type()).isNull());
        assertThat(out.get(3)).isEqualTo(EXPECTED.get(1));
    }

    @Test
    void clientSideDecodesServerFramesTheSameWay() {
        EmbeddedChannel client = new EmbeddedChannel(
                Frames.decoder(WireSize.SEED_MAX_BODY), new MessageDecoder<>(MessageCodec.client()));
        String notify = envelope("NotifyUserStatusMes", json("{'userId':200,'status':0}"));
        client.writeInbound(buffer(client, frames(notify, SMS)));

        assertThat(drain(client)).hasSize(2).last().isEqualTo(SmsMes.seed("hello", 100, ""));
        assertThat(client.finish()).isFalse();
    }

    @Test
    void decoderRefusesALimitThatIsNotPositiveOrDoesNotFitTheHeader() {
        assertThatThrownBy(() -> Frames.decoder(0)).hasMessage("maxBody: 0 (expected: > 0)");
        assertThatThrownBy(() -> Frames.decoder(-1)).hasMessage("maxBody: -1 (expected: > 0)");
        assertThatThrownBy(() -> Frames.decoder(Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxBody: " + Integer.MAX_VALUE + " (expected: <= ");
        assertThat(Frames.decoder(Integer.MAX_VALUE - Frames.HEADER_LENGTH)).isNotNull();
    }

    /** A LoginMes frame body of exactly {@code size} bytes, padded with an ignored key. */
    private static String padded(int size) {
        String shell = envelope("LoginMes", json("{'userId':100,'pad':''}"));
        return envelope("LoginMes", json("{'userId':100,'pad':'" + "x".repeat(size - shell.length()) + "'}"));
    }

    private static EmbeddedChannel newChannel(int maxBody) {
        return new EmbeddedChannel(Frames.decoder(maxBody), new MessageDecoder<>(MessageCodec.server()));
    }

    private ByteBuf buffer(byte[] bytes) {
        return buffer(channel, bytes);
    }

    private static ByteBuf buffer(EmbeddedChannel target, byte[] bytes) {
        return target.alloc().buffer(bytes.length).writeBytes(bytes);
    }

    private List<Object> drain() {
        return drain(channel);
    }

    private static List<Object> drain(EmbeddedChannel from) {
        List<Object> out = new ArrayList<>();
        drainInto(from, out);
        return out;
    }

    private void drainInto(List<Object> out) {
        drainInto(channel, out);
    }

    private static void drainInto(EmbeddedChannel from, List<Object> out) {
        for (Object m = from.readInbound(); m != null; m = from.readInbound()) {
            // Decoded records hold no buffers; anything else reaching here would be a leak and a bug.
            assertThat(m).isNotInstanceOf(ByteBuf.class);
            out.add(m);
        }
    }
}
