package io.parley.server.service;

import io.parley.server.config.ConfigReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Resume tokens' lifetime and the rotation of the key that signs them.
 *
 * @param lifetimeSeconds   a token, and every token resumed from it, is refused this long after the password login
 * @param keyGraceSeconds   tokens signed by the previous key stay valid this long after a rotation
 * @param keyCheckSeconds   how often a node looks for a rotated key in the store
 */
public record TokenSettings(long lifetimeSeconds, long keyGraceSeconds, int keyCheckSeconds) {
    public static final TokenSettings DEFAULTS = new TokenSettings(30L * 24 * 3600, 24L * 3600, 60);

    public TokenSettings {
        List<String> problems = new ArrayList<>();
        if (lifetimeSeconds <= 0) {
            problems.add("tokenLifetimeSeconds: " + lifetimeSeconds + " (expected: > 0)");
        }
        if (keyGraceSeconds < 0) {
            problems.add("tokenKeyGraceSeconds: " + keyGraceSeconds + " (expected: >= 0)");
        }
        if (keyCheckSeconds <= 0) {
            problems.add("tokenKeyCheckSeconds: " + keyCheckSeconds + " (expected: > 0)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static TokenSettings load(ConfigReader p, TokenSettings d) {
        return new TokenSettings(
                p.longValue("tokenLifetimeSeconds", d.lifetimeSeconds),
                p.longValue("tokenKeyGraceSeconds", d.keyGraceSeconds),
                p.integer("tokenKeyCheckSeconds", d.keyCheckSeconds));
    }
}
