package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.server.config.ConfigReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BackpressureTest {
    @Test
    void keysOfAPropertiesFileOverrideTheDefaultsOneByOne() {
        Properties p = new Properties();
        p.setProperty("maxRequestsInFlight", "200");
        Backpressure loaded = Backpressure.load(new ConfigReader(p), Backpressure.DEFAULTS);
        assertThat(loaded).isEqualTo(new Backpressure(200, Backpressure.DEFAULT_SLOW_CONSUMER_SECONDS));
        assertThat(loaded.resumeReadingAt()).isEqualTo(100);
    }

    @Test
    void invalidValuesAreNamedWithWhatIsExpected() {
        assertThatThrownBy(() -> new Backpressure(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRequestsInFlight: 1 (expected: >= 2)")
                .hasMessageContaining("slowConsumerSeconds: 0 (expected: > 0)");
    }
}
