package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.server.ServerConfig;
import io.parley.server.service.TokenSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TokenFlagsTest {
    private static TokenSettings applied(TokenSettings base, String... args) {
        TokenFlags flags = new TokenFlags();
        new CommandLine(flags).parseArgs(args);
        ServerConfig.Builder config = ServerConfig.defaults().withTokens(base).toBuilder();
        flags.applyTo(config);
        return config.build().tokens();
    }

    @Test
    void givenFlagsReplaceTheirSettingAndTheOthersKeepTheFilesValues() {
        TokenSettings fromFile = new TokenSettings(100, 10, 7);

        assertThat(applied(fromFile)).isEqualTo(fromFile);
        assertThat(applied(fromFile, "--token-key-check", "3")).isEqualTo(new TokenSettings(100, 10, 3));
        assertThat(applied(TokenSettings.DEFAULTS, "--token-lifetime", "60", "--token-key-grace", "5"))
                .isEqualTo(new TokenSettings(60, 5, TokenSettings.DEFAULTS.keyCheckSeconds()));
    }

    @Test
    void aLifetimeOfZeroIsRefusedWithItsPropertyName() {
        assertThatThrownBy(() -> applied(TokenSettings.DEFAULTS, "--token-lifetime", "0"))
                .hasMessageContaining("tokenLifetimeSeconds: 0 (expected: > 0)");
    }
}
