package io.parley.protocol.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.parley.protocol.NoLeaks;
import io.parley.protocol.SampleMessages;
import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.NotifyUserStatusMes;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbound half: each message becomes exactly one buffer holding header and body, because the
 * tutorial's client reads a frame's body with a single read and would misparse one that arrives in pieces.
 */
@ExtendWith(NoLeaks.class)
class MessageEncoderTest {
    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();
    private static final MessageCodec<ServerMessage, ClientMessage> CLIENT = MessageCodec.client();

    private final EmbeddedChannel channel = new EmbeddedChannel(new MessageEncoder<>(SERVER, ServerMessage.class));

    @AfterEach
    void finish() {
        if (channel.isOpen()) {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void writesHeaderAndBodyAsOneBufferWhoseLengthPrefixIsTheBodyLength() {
        LoginResMes reply = new LoginResMes(200, List.of(200, 100), "", null, null, null);
        channel.writeOutbound(reply);

        ByteBuf frame = channel.readOutbound();
        try {
            assertThat(frame.getUnsignedInt(0)).isEqualTo(frame.readableBytes() - Frames.HEADER_LENGTH);
            assertThat(ByteBufUtil.getBytes(frame, Frames.HEADER_LENGTH, frame.readableBytes() - Frames.HEADER_LENGTH))
                    .isEqualTo(SERVER.encode(reply));
        } finally {
            frame.release();
        }
        Object more = channel.readOutbound();
        assertThat(more).as("one buffer per message").isNull();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void eachMessageBecomesItsOwnCompleteFrame() {
        List<ServerMessage> sent =
                List.of(new NotifyUserStatusMes(200, 0), new RegisterResMes(200, ""), SmsMes.seed("你好 😀", 100, ""));
        channel.writeOutbound(sent.toArray()); // written one by one, flushed once

        List<ByteBuf> frames = readAll(channel);
        try {
            assertThat(frames).hasSize(3);
            for (int i = 0; i < frames.size(); i++) {
                ByteBuf frame = frames.get(i);
                assertThat(frame.getUnsignedInt(0)).isEqualTo(frame.readableBytes() - Frames.HEADER_LENGTH);
                assertThat(ByteBufUtil.getBytes(
                                frame, Frames.HEADER_LENGTH, frame.readableBytes() - Frames.HEADER_LENGTH))
                        .isEqualTo(SERVER.encode(sent.get(i)));
            }
        } finally {
            frames.forEach(ByteBuf::release);
        }
    }

    @Test
    void writeFrameProducesTheSameBytesAsTheEncoder() throws Exception {
        SmsMes sms = SmsMes.seed("hello", 100, "");
        channel.writeOutbound(sms);
        ByteBuf fromEncoder = channel.readOutbound();
        ByteBuf direct = channel.alloc().buffer();
        try {
            MessageEncoder.writeFrame(SERVER, sms, direct);
            assertThat(ByteBufUtil.equals(fromEncoder, direct)).isTrue();
        } finally {
            fromEncoder.release();
            direct.release();
        }
    }

    @Test
    void writeFrameAppendsAfterWhatTheBufferAlreadyHolds() throws Exception {
        ByteBuf out = channel.alloc().buffer();
        try {
            out.writeBytes(new byte[] {1, 2, 3});
            MessageEncoder.writeFrame(SERVER, new RegisterResMes(200, ""), out);

            assertThat(out.getUnsignedInt(3)).isEqualTo(out.readableBytes() - 3 - Frames.HEADER_LENGTH);
        } finally {
            out.release();
        }
    }

    @Test
    void alreadyEncodedBuffersPassThroughUntouched() {
        // A fan-out may encode a frame once and write retained duplicates to many channels.
        ByteBuf preEncoded = channel.alloc().buffer().writeBytes(new byte[] {0, 0, 0, 2, '{', '}'});
        channel.writeOutbound(preEncoded);

        ByteBuf out = channel.readOutbound();
        try {
            assertThat(out).isSameAs(preEncoded);
        } finally {
            out.release();
        }
    }

    @Test
    void encoderAndDecoderAgreeOverEveryWireTypeInBothDirections() {
        EmbeddedChannel client = new EmbeddedChannel(
                new MessageEncoder<>(CLIENT, ClientMessage.class),
                Frames.decoder(Frames.DEFAULT_MAX_BODY),
                new MessageDecoder<>(CLIENT));
        EmbeddedChannel server = new EmbeddedChannel(
                new MessageEncoder<>(SERVER, ServerMessage.class),
                Frames.decoder(Frames.DEFAULT_MAX_BODY),
                new MessageDecoder<>(SERVER));

        List<ClientMessage> requests = SampleMessages.clientMessages();
        client.writeOutbound(requests.toArray());
        pipe(client, server);
        assertThat(readInbound(server)).isEqualTo(requests);

        List<ServerMessage> replies = SampleMessages.serverMessages();
        server.writeOutbound(replies.toArray());
        pipe(server, client);
        assertThat(readInbound(client)).isEqualTo(replies);

        assertThat(client.finish()).isFalse();
        assertThat(server.finish()).isFalse();
    }

    @Test
    void aMessageOfTheWrongDirectionIsNotEncoded() {
        // The server must never put a client-only record on the wire; the encoder lets it pass unencoded,
        // where the transport would refuse it, instead of inventing a type name.
        EmbeddedChannel serverOnly = new EmbeddedChannel(new MessageEncoder<>(SERVER, ServerMessage.class));
        serverOnly.writeOutbound(new PrivateSend(2, "x", null));

        Object passed = serverOnly.readOutbound();
        assertThat(passed).isInstanceOf(PrivateSend.class);
        assertThat(serverOnly.finish()).isFalse();
    }

    /** Moves every frame one channel wrote into the other, joined into one buffer, as TCP may deliver them. */
    private static void pipe(EmbeddedChannel from, EmbeddedChannel to) {
        List<ByteBuf> frames = readAll(from);
        ByteBuf joined = to.alloc().buffer();
        frames.forEach(f -> {
            joined.writeBytes(f);
            f.release();
        });
        to.writeInbound(joined);
    }

    private static List<ByteBuf> readAll(EmbeddedChannel from) {
        List<ByteBuf> out = new ArrayList<>();
        for (ByteBuf b = from.readOutbound(); b != null; b = from.readOutbound()) {
            out.add(b);
        }
        return out;
    }

    private static List<Object> readInbound(EmbeddedChannel from) {
        List<Object> out = new ArrayList<>();
        for (Object m = from.readInbound(); m != null; m = from.readInbound()) {
            out.add(m);
        }
        return out;
    }
}
