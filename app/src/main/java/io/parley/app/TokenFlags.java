package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.service.TokenSettings;
import picocli.CommandLine.Option;

/** {@code parley server} flags for TokenSettings (docs/security.md); each left out keeps the file's or default value. */
final class TokenFlags {
    @Option(names = "--token-lifetime", paramLabel = "SECONDS", description = "Resume tokens end this long after the password login (default: 2592000, 30 days).")
    Long lifetimeSeconds;

    @Option(names = "--token-key-grace", paramLabel = "SECONDS", description = "Tokens of the previous key stay valid this long after a rotation (default: 86400).")
    Long keyGraceSeconds;

    @Option(names = "--token-key-check", paramLabel = "SECONDS", description = "How often to look for a rotated token key (default: 60).")
    Integer keyCheckSeconds;

    void applyTo(ServerConfig.Builder config) {
        TokenSettings d = config.build().tokens();
        config.tokens(new TokenSettings(lifetimeSeconds != null ? lifetimeSeconds : d.lifetimeSeconds(),
                keyGraceSeconds != null ? keyGraceSeconds : d.keyGraceSeconds(),
                keyCheckSeconds != null ? keyCheckSeconds : d.keyCheckSeconds()));
    }
}
