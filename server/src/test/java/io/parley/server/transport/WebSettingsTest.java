package io.parley.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.server.config.ConfigReader;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class WebSettingsTest {
    private final WebSettings own = WebSettings.on(8080);

    @Test
    void aClientWithoutOriginIsTakenForBrowsersAlwaysSendOne() {
        assertThat(own.allows(null, "chat.example.com:8080")).isTrue();
    }

    @Test
    void aPageOfTheServersOwnOriginIsTakenAndAnyOtherRefused() {
        assertThat(own.allows("http://chat.example.com:8080", "chat.example.com:8080"))
                .isTrue();
        assertThat(own.allows("https://chat.example.com", "chat.example.com")).isTrue();
        assertThat(own.allows("http://evil.example:8080", "chat.example.com:8080"))
                .isFalse();
        assertThat(own.allows("http://chat.example.com:9999", "chat.example.com:8080"))
                .isFalse();
        assertThat(own.allows("null", "chat.example.com:8080")).isFalse();
        assertThat(own.allows("http://chat.example.com", null)).isFalse();
    }

    @Test
    void listedOriginsAreTakenWhateverTheHostAndAStarTakesAny() {
        WebSettings listed = own.withAllowedOrigins(List.of("HTTPS://App.Example.com/ "));
        assertThat(listed.allows("https://app.example.com", "chat.example.com")).isTrue();
        assertThat(listed.allows("https://other.example.com", "chat.example.com"))
                .isFalse();
        assertThat(own.withAllowedOrigins(List.of("*")).allows("https://other.example.com", "x"))
                .isTrue();
    }

    @Test
    void portZeroOnTheCommandLineOrInTheFileTurnsTheListenerOff() {
        assertThat(WebSettings.fromFlag(0, List.of(), 0).enabled()).isFalse();
        Properties p = new Properties();
        p.setProperty("httpPort", "0");
        assertThat(WebSettings.load(new ConfigReader(p), WebSettings.DEFAULTS).enabled())
                .isFalse();
        p.setProperty("httpPort", "9090");
        p.setProperty("allowedOrigins", "https://a.example, https://b.example");
        WebSettings loaded = WebSettings.load(new ConfigReader(p), WebSettings.DEFAULTS);
        assertThat(loaded.port()).isEqualTo(9090);
        assertThat(loaded.allowedOrigins()).containsExactly("https://a.example", "https://b.example");
        assertThat(WebSettings.load(new ConfigReader(new Properties()), WebSettings.DEFAULTS)
                        .port())
                .isEqualTo(WebSettings.DEFAULT_PORT);
    }

    @Test
    void aPortOutOfRangeIsRefusedWithItsName() {
        assertThatThrownBy(() -> WebSettings.fromFlag(70000, List.of(), 0)).hasMessageContaining("httpPort: 70000");
        assertThatThrownBy(() -> WebSettings.fromFlag(-1, List.of(), 0)).hasMessageContaining("httpPort: -1");
    }
}
