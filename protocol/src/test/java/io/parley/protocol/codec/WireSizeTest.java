package io.parley.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bound is what list replies are cut by: it must never be below what the codec really writes. */
class WireSizeTest {
    private static final MessageCodec<ClientMessage, ServerMessage> SERVER = MessageCodec.server();

    static List<String> texts() {
        StringBuilder everyControl = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            everyControl.append(c);
        }
        return List.of(
                "",
                "plain ascii",
                "\"quoted\" \\ back\\slash",
                everyControl.toString(),
                "é ß ü",
                "你好，世界",
                "😀👍🏽 👨‍👩‍👧",
                "\u007f\u0080\u009f\u2028\u2029\ufeff",
                "</script>&<'>",
                "x".repeat(4096),
                "\u0001".repeat(4096));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void theBoundIsAtLeastWhatTheTextAddsToAFrame(String text) {
        int added = bodyWith(text) - bodyWith("");

        assertThat(WireSize.of(text)).isGreaterThanOrEqualTo(added);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void theBoundIsExactForEverythingButShortEscapes(String text) {
        boolean exact = text.chars().noneMatch(c -> c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f');

        if (exact) {
            assertThat(WireSize.of(text)).isEqualTo(bodyWith(text) - bodyWith(""));
        }
    }

    private static int bodyWith(String content) {
        return SERVER.encode(new SmsMes(content, 1, "", "", 0, "", 1L, 1L, null)).length;
    }
}
