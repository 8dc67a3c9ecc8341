package io.parley.protocol.codec;

import static io.parley.protocol.WireBytes.text;
import static io.parley.protocol.WireBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.GroupDelivery;
import io.parley.protocol.message.GroupSend;
import io.parley.protocol.message.PrivateDelivery;
import io.parley.protocol.message.PrivateSend;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.MessageEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Content is text a person typed: Chinese, emoji (characters outside the BMP, as surrogate pairs in Java),
 * quotes and backslashes (escaped twice, once per level of JSON) must all come back exactly, and the
 * length header must count UTF-8 bytes, not Java characters.
 */
class UnicodeContentTest {
    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();
    private static final MessageCodec<ServerMessage, ClientMessage> CLIENT = MessageCodec.client();

    static List<String> contents() {
        return List.of(
                "你好，世界",
                "😀👍🏽 👨‍👩‍👧 🇨🇳",
                "say \"hi\" to C:\\temp\\ and \\\"nested\\\"",
                "{\"type\":\"LoginMes\",\"data\":\"{}\"}",
                "tab\tnewline\ncr\rnul\u0000bell\u0007",
                "\u2028line separators\u2029 and <html> & 'quotes'",
                "mixed 中文 ✓ émoji 🎉 end");
    }

    @ParameterizedTest
    @MethodSource("contents")
    void smsMesContentRoundTripsExactlyInBothDirections(String content) throws ProtocolException {
        SmsMes fromClient = SmsMes.seed(content, 100, "");
        SmsMes fromServer = new SmsMes(content, 100, "", "汤姆", 0, "", 1L, 2L, null);

        assertThat(((SmsMes) SERVER.decode(CLIENT.encode(fromClient))).content())
                .isEqualTo(content);
        assertThat(CLIENT.decode(SERVER.encode(fromServer))).isEqualTo(fromServer);
    }

    @ParameterizedTest
    @MethodSource("contents")
    void privateAndGroupContentRoundTripsExactly(String content) throws ProtocolException {
        assertThat(SERVER.decode(CLIENT.encode(new PrivateSend(2, content, "c"))))
                .isEqualTo(new PrivateSend(2, content, "c"));
        assertThat(SERVER.decode(CLIENT.encode(new GroupSend("g", content, null))))
                .isEqualTo(new GroupSend("g", content, null));
        PrivateDelivery delivered = new PrivateDelivery(1, 1, 1, "张三", 2, content, 0);
        assertThat(CLIENT.decode(SERVER.encode(delivered))).isEqualTo(delivered);
        GroupDelivery inGroup = new GroupDelivery(1, 1, "g", 1, "张三", content, 0);
        assertThat(CLIENT.decode(SERVER.encode(inGroup))).isEqualTo(inGroup);
    }

    @ParameterizedTest
    @MethodSource("contents")
    void headerCountsTheUtf8BytesOfTheBody(String content) throws Exception {
        ByteBuf frame = Unpooled.buffer();
        try {
            MessageEncoder.writeFrame(SERVER, SmsMes.seed(content, 100, ""), frame);
            long length = frame.getUnsignedInt(0);

            assertThat(length).isEqualTo(frame.readableBytes() - 4);
            assertThat(length).isEqualTo(SERVER.encode(SmsMes.seed(content, 100, "")).length);
        } finally {
            frame.release();
        }
    }

    @Test
    void chineseTravelsAsRawUtf8LikeGoWritesIt() {
        // Go's json.Marshal writes non-ASCII as UTF-8, not as \\u escapes: 3 bytes per character, not 12.
        String body = text(SERVER.encode(SmsMes.seed("你好", 100, "")));

        assertThat(body).isEqualTo("""
                {"type":"SmsMes","data":"{\\"content\\":\\"你好\\",\\"userId\\":100,\\"userPwd\\":\\"\\",\
                \\"userName\\":\\"\\",\\"userStatus\\":0,\\"sex\\":\\"\\"}"}""");
        assertThat(utf8(body).length).isEqualTo(body.length() + 2 * 2);
    }

    @Test
    void quotesAndBackslashesAreEscapedOncePerLevelOfJson() {
        String body = text(SERVER.encode(SmsMes.seed("a\"b\\c", 1, "")));

        // Inner JSON: a\"b\\c ; as a string inside the envelope every \ and " is escaped again.
        assertThat(body).startsWith("""
                {"type":"SmsMes","data":"{\\"content\\":\\"a\\\\\\"b\\\\\\\\c\\",""");
    }

    @Test
    void escapedUnicodeFromOtherEncodersDecodesToTheSameText() throws ProtocolException {
        // Some JSON encoders escape everything outside ASCII, the emoji as a surrogate pair.
        String body =
                "{\"type\":\"SmsMes\",\"data\":\"{\\\"content\\\":\\\"\\\\u4f60\\\\u597d \\\\ud83d\\\\ude00\\\"}\"}";

        assertThat(((SmsMes) SERVER.decode(utf8(body))).content()).isEqualTo("你好 😀");
    }
}
