package io.parley.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.parley.protocol.SampleMessages;
import io.parley.protocol.WireBytes;
import io.parley.protocol.message.ChatItem;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.HistoryResMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.OkMes;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.RegisterMes;
import io.parley.protocol.message.SendAckMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.message.User;
import io.parley.protocol.netty.MessageDecoder;
import io.parley.protocol.netty.MessageEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The codec, made cheaper, against {@link ReferenceCodec} (the codec as it was): the same bytes for every message,
 * the same record or the same error for every frame body, whichever way the body arrives.
 */
class CodecEquivalenceTest {
    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();
    private static final MessageCodec<ServerMessage, ClientMessage> CLIENT = MessageCodec.client();
    private static final ReferenceCodec<ClientMessage, ServerMessage> OLD_SERVER = ReferenceCodec.server();
    private static final ReferenceCodec<ServerMessage, ClientMessage> OLD_CLIENT = ReferenceCodec.client();

    /** Text that exercises the escaping of both layers: quotes, backslashes, controls, non-ASCII, surrogates. */
    private static final List<String> TEXTS = List.of(
            "hello there, how is the weather in the mountains today?",
            "quotes \" and 'single' and back\\slash \\\" \\\\u0041 and a slash /",
            "controls \u0000\u0001\u0007\b\f\n\r\t\u001f and DEL \u007f",
            "accents héllo wörld ñ ç ø, Greek αβγ, Cyrillic привет",
            "CJK 日本語のテキスト 中文 한국어",
            "emoji 😀👍🏽 family 👨‍👩‍👧 flag 🇳🇱 and zero width \u200b\u200d",
            "separators \u2028 \u2029 and BOM \ufeff and \ufffd",
            "lone surrogates \ud800 and \udfff",
            "</script><b>&amp;</b>",
            "x".repeat(9000) + "😀" + "\"".repeat(3000));

    static List<ServerMessage> serverMessages() {
        List<ServerMessage> messages = new ArrayList<>(SampleMessages.serverMessages());
        for (String text : TEXTS) {
            messages.add(new PrivateDelivery(123456, 42, 100, text, 200, text, 1_764_140_000_000L));
            messages.add(new GroupDelivery(123456, 77, "hikers", 100, text, text, 1_764_140_000_000L));
            messages.add(new SmsMes(text, 100, text, text, 1, text, 5L, 1_764_140_000_000L, null));
            messages.add(new SendAckMes(text.length() <= 64 ? text : null, 9, 1_764_140_000_000L, false));
            messages.add(new ErrorMes(400, text, "PrivateMes", "r-1", null));
            messages.add(new OkMes("GroupCreateMes", text.length() <= 64 ? text : "r", "team"));
            messages.add(LoginResMes.failure(403, text));
            messages.add(new HistoryResMes(
                    "r7", "inbox", List.of(new ChatItem(9, 3, 100, text, 200, null, text, 1_764_140_000_000L))));
        }
        return messages;
    }

    static List<ClientMessage> clientMessages() {
        List<ClientMessage> messages = new ArrayList<>(SampleMessages.clientMessages());
        for (String text : TEXTS) {
            messages.add(new PrivateSend(200, text, "c-12345"));
            messages.add(new GroupSend("hikers", text, null));
            messages.add(new SmsMes(text, 100, text, text, 0, text, null, null, "c-1"));
            messages.add(new RegisterMes(new User(100, text, text, 0, text)));
        }
        return messages;
    }

    @Test
    void everyMessageEncodesToTheSameBytesAsBefore() throws IOException {
        for (ServerMessage message : serverMessages()) {
            assertSameEncoding(SERVER, message, OLD_SERVER.encode(message));
        }
        for (ClientMessage message : clientMessages()) {
            assertSameEncoding(CLIENT, message, OLD_CLIENT.encode(message));
        }
    }

    private static <O> void assertSameEncoding(MessageCodec<?, O> codec, O message, byte[] expected)
            throws IOException {
        assertThat(codec.encode(message)).as("encode(%s)", message).isEqualTo(expected);

        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        codec.encode(message, stream);
        assertThat(stream.toByteArray()).as("encode(%s, stream)", message).isEqualTo(expected);

        for (ByteBuf frame : List.of(Unpooled.buffer(16), Unpooled.directBuffer(16))) {
            try {
                MessageEncoder.writeFrame(codec, message, frame);
                assertThat(frame.readInt()).isEqualTo(expected.length);
                byte[] body = new byte[frame.readableBytes()];
                frame.readBytes(body);
                assertThat(body).as("writeFrame(%s)", message).isEqualTo(expected);
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void everyEncodedMessageDecodesAsBefore() {
        for (ServerMessage message : serverMessages()) {
            assertSameDecoding(CLIENT, OLD_CLIENT, OLD_SERVER.encode(message));
        }
        for (ClientMessage message : clientMessages()) {
            assertSameDecoding(SERVER, OLD_SERVER, OLD_CLIENT.encode(message));
        }
    }

    @Test
    void malformedBodiesFailWithTheSameErrorsAsBefore() {
        List<byte[]> bodies = new ArrayList<>();
        for (String body : MALFORMED) {
            bodies.add(WireBytes.utf8(WireBytes.json(body)));
        }
        bodies.add(new byte[0]);
        bodies.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'});
        bodies.add(new byte[] {'{', 0, '}'});
        bodies.add(new byte[] {0, '{', '}'});
        bodies.add(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{'});
        bodies.add(WireBytes.utf8("{\"type\":\"PrivateMes\",\"data\":\"\u00c3(\"}"));
        byte[] badUtf8 = WireBytes.utf8("{\"type\":\"PrivateMes\",\"data\":\"{\\\"content\\\":\\\"xx\\\"}\"}");
        badUtf8[38] = (byte) 0xC3;
        badUtf8[39] = (byte) 0x28;
        bodies.add(badUtf8);
        for (byte[] body : bodies) {
            assertSameDecoding(SERVER, OLD_SERVER, body);
            assertSameDecoding(CLIENT, OLD_CLIENT, body);
        }
    }

    /** Every cut and many one-byte changes of real frames: errors from every stage of decoding. */
    @Test
    void damagedFramesFailWithTheSameErrorsAsBefore() {
        byte[] replacements = WireBytes.utf8("\"\\{}[]:,0-9.eanlutx \n");
        Random random = new Random(20_251_204);
        for (ClientMessage message : clientMessages()) {
            byte[] frame = OLD_CLIENT.encode(message);
            if (frame.length > 2000) {
                continue;
            }
            for (int cut = 0; cut < frame.length; cut++) {
                assertSameDecoding(SERVER, OLD_SERVER, Arrays.copyOf(frame, cut));
            }
            for (int i = 0; i < 200; i++) {
                byte[] damaged = frame.clone();
                int at = random.nextInt(damaged.length);
                damaged[at] = random.nextInt(4) == 0
                        ? (byte) random.nextInt(256)
                        : replacements[random.nextInt(replacements.length)];
                assertSameDecoding(SERVER, OLD_SERVER, damaged);
            }
        }
    }

    private static final List<String> MALFORMED = List.of(
            "",
            "   ",
            "null",
            "[]",
            "{",
            "{}",
            "{} {}",
            "{}x",
            "{'type':'PrivateMes'}",
            "{'type':'PrivateMes','data':null}",
            "{'type':'PrivateMes','data':{}}",
            "{'type':'PrivateMes','data':[1]}",
            "{'type':'PrivateMes','data':12}",
            "{'type':'PrivateMes','data':true}",
            "{'type':7,'data':'{}'}",
            "{'type':'NoSuchMes','data':'{}'}",
            "{'type':'" + "N".repeat(100) + "','data':'{}'}",
            "{'data':'{}'}",
            "{'type':'PrivateMes','data':''}",
            "{'type':'PrivateMes','data':'  \\n\\t '}",
            "{'type':'PrivateMes','data':'\\u2003'}",
            "{'type':'PrivateMes','data':'null'}",
            "{'type':'PrivateMes','data':'[]'}",
            "{'type':'PrivateMes','data':']'}",
            "{'type':'PrivateMes','data':'}'}",
            "{'type':'PrivateMes','data':'{'}",
            "{'type':'PrivateMes','data':'{}'}",
            "{'type':'PrivateMes','data':'{} {}'}",
            "{'type':'PrivateMes','data':'{}x'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':200,\\'content\\':\\'hi\\'} ]'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':\\'200\\',\\'content\\':\\'hi\\'}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':2.5,\\'content\\':\\'hi\\'}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':200,\\'content\\':5}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':200,\\'content\\':[]}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':200,\\'content\\':{}}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':200,\\'content\\':\\'\\'}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':-1,\\'content\\':\\'hi\\',\\'clientMsgId\\':\\'c-7\\'}'}",
            "{'type':'PrivateMes','data':'{\\'reqId\\':\\'r-1\\',\\'ClientMsgId\\':\\'c-7\\',\\'toUserId\\':true}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':99999999999999999999,\\'content\\':\\'hi\\'}'}",
            "{'type':'PrivateMes','data':'{\\'toUserId\\':200,\\'content\\':\\'hi\\',\\'clientMsgId\\':\\'"
                    + "c".repeat(65) + "\\'}'}",
            "{'type':'GroupMes','data':'{\\'group\\':\\'a b\\',\\'content\\':\\'hi\\'}'}",
            "{'type':'AckMes','data':'{\\'log\\':\\'inbox\\',\\'seq\\':0}'}",
            "{'type':'AckMes','data':'{\\'log\\':\\'nowhere\\',\\'seq\\':1}'}",
            "{'type':'WatchMes','data':'{\\'userIds\\':[1,null],\\'reqId\\':\\'r-9\\'}'}",
            "{'type':'WatchMes','data':'{\\'userIds\\':[1,\\'x\\']}'}",
            "{'type':'WatchMes','data':'{\\'userIds\\':{}}'}",
            "{'type':'LoginMes','data':'{\\'userId\\':1,\\'userPwd\\':\\'p\\',\\'userName\\':\\'t\\'}','extra':[1,{}]}",
            "{'TYPE':'LoginMes','DATA':'{\\'USERID\\':1,\\'userpwd\\':\\'p\\'}'}",
            "{'data':'{\\'userId\\':1}','type':'LoginMes'}",
            "{'type':'LoginMes','data':'{\\'userId\\':1}','data':'{\\'userId\\':2}'}",
            "{'type':'LoginMes','data':'{\\'userId\\':1}','type':'SmsMes'}",
            "{'type':'LoginMes','data':'{\\'userId\\':1} // comment'}",
            "{'type':'LoginMes','data':'{\\'userId\\':01}'}",
            "{'type':'LoginMes','data':'{\\'userId\\':NaN}'}",
            "{'type':'LoginMes','data':'{\\'userId\\' 1}'}",
            "{'type':'LoginMes','data':'{\\'userId\\':1,}'}",
            "{'type':'LoginMes','data':'\\u0000{}'}",
            "{'type':'LoginMes','data':'{\\'userName\\':\\'\\u0001\\'}'}",
            "{'type':'LoginMes' 'data':'{}'}",
            "{'type':'LoginMes','data':'{}'",
            "{'type':'LoginMes','data':'{}'}}",
            "{'type':'LoginMes','data':'{}'} trailing",
            "{'type':'LoginMes','data':'{}\\x'}",
            "{'type':'LoginMes','data':'{}\\ud800'}",
            "{'type':'SmsMes','data':'{\\'content\\':null,\\'userId\\':null}'}",
            "{'type':'HistoryMes','data':'{\\'log\\':\\'inbox\\',\\'limit\\':100000}'}");

    /** Decodes {@code body} every way the new codec offers and the old one did; all must agree. */
    private static <I> void assertSameDecoding(MessageCodec<I, ?> codec, ReferenceCodec<I, ?> reference, byte[] body) {
        String shown = WireBytes.text(body);
        Outcome expected = outcome(reference::decode, body);
        assertThat(outcome(codec::decode, body))
                .as("decode(byte[]) of %s", shown)
                .isEqualTo(expected);
        // The old pipeline path: a stream over the buffer. The stream and array decoders agreed then too.
        Outcome expectedFromBuffer = outcome(b -> reference.decode(new ByteArrayInputStream(b)), body);
        assertThat(outcome(b -> codec.decode(new ByteArrayInputStream(b)), body))
                .as("decode(InputStream) of %s", shown)
                .isEqualTo(expectedFromBuffer);

        byte[] padded = new byte[body.length + 7];
        System.arraycopy(body, 0, padded, 3, body.length);
        Arrays.fill(padded, 0, 3, (byte) 0);
        Arrays.fill(padded, 3 + body.length, padded.length, (byte) '}');
        assertThat(outcome(b -> codec.decode(padded, 3, body.length), body))
                .as("decode(byte[], offset, length) of %s", shown)
                .isEqualTo(expected);

        ByteBuf heap = Unpooled.wrappedBuffer(padded).setIndex(3, 3 + body.length);
        ByteBuf direct = Unpooled.directBuffer(padded.length).writeBytes(padded).setIndex(3, 3 + body.length);
        try {
            Outcome old = outcome(b -> reference.decode(new ByteBufInputStream(heap.duplicate())), body);
            assertThat(outcome(b -> MessageDecoder.decode(codec, heap), body))
                    .as("a heap buffer of %s", shown)
                    .isEqualTo(old);
            assertThat(outcome(b -> MessageDecoder.decode(codec, direct), body))
                    .as("a direct buffer of %s", shown)
                    .isEqualTo(old);
        } finally {
            heap.release();
            direct.release();
        }
    }

    private interface Decoding<I> {
        I decode(byte[] body) throws ProtocolException;
    }

    /** What decoding gave: the record, or every part of the error the pipeline passes on. */
    private record Outcome(Object message, String type, String error, String reqId, String clientMsgId) {}

    private static <I> Outcome outcome(Decoding<I> decoding, byte[] body) {
        try {
            return new Outcome(decoding.decode(body), null, null, null, null);
        } catch (ProtocolException e) {
            return new Outcome(null, e.type(), e.getMessage(), e.reqId(), e.clientMsgId());
        }
    }
}
