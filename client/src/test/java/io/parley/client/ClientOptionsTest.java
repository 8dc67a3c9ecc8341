package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {
    @Test
    void defaultsSayHelloAndAcknowledgeAutomatically() {
        ClientOptions options = ClientOptions.defaults();

        assertThat(options.legacy()).isFalse();
        assertThat(options.autoAck()).isTrue();
        assertThat(options.withLegacy(true).legacy()).isTrue();
        assertThat(options.withLegacy(true).autoAck()).isTrue();
    }

    @Test
    void invalidValuesAreRejectedWithTheFieldAndWhatWasExpected() {
        assertThatThrownBy(() -> ClientOptions.defaults().withMaxFrame(0))
                .hasMessage("maxFrame: 0 (expected: > 0 and <= 2147483643)");
        assertThatThrownBy(() -> ClientOptions.defaults().withRequestTimeout(Duration.ZERO))
                .hasMessage("requestTimeout: PT0S (expected: > 0)");
        assertThatThrownBy(() -> ClientOptions.defaults().withWriteBuffer(10, 5))
                .hasMessage("writeBufferHigh: 5 (expected: >= writeBufferLow 10)");
    }
}
