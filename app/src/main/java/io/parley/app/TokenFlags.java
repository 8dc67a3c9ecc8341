package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.service.TokenSettings;
import picocli.CommandLine.Option;

/** {@code parley server} flags for resume tokens (docs/security.md, "Sessions and secrets"). */
final class TokenFlags {
    @Option(
            names = "--token-lifetime",
            paramLabel = "SECONDS",
            description = "A resume token, and every token "
                    + "resumed from it, is refused this long after the password login (default: 2592000, 30 days).")
    Long lifetime;

    @Option(
            names = "--token-key-grace",
            paramLabel = "SECONDS",
            description = "Tokens signed by the previous key "
                    + "stay valid this long after `parley rotate-token-key` (default: 86400, a day).")
    Long keyGrace;

    @Option(
            names = "--token-key-check",
            paramLabel = "SECONDS",
            description = "How often to look for a rotated token key in the store (default: 60).")
    Integer keyCheck;

    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
        if (lifetime == null && keyGrace == null && keyCheck == null) {
            return;
        }
        TokenSettings t = config.build().tokens();
        config.tokens(new TokenSettings(
                lifetime != null ? lifetime : t.lifetimeSeconds(),
                keyGrace != null ? keyGrace : t.keyGraceSeconds(),
                keyCheck != null ? keyCheck : t.keyCheckSeconds()));
    }
}
