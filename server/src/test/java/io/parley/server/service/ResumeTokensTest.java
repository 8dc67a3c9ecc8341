package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResumeTokensTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void aTokenIsValidForTheUserItWasIssuedTo() {
        ResumeTokens tokens = new ResumeTokens("key", NOW);
        assertThat(tokens.valid(100, tokens.issue(100))).isTrue();
    }

    @Test
    void aTokenIsNotValidForAnotherUser() {
        ResumeTokens tokens = new ResumeTokens("key", NOW);
        assertThat(tokens.valid(200, tokens.issue(100))).isFalse();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String foreign = new ResumeTokens("other key", NOW).issue(100);
        assertThat(new ResumeTokens("key", NOW).valid(100, foreign)).isFalse();
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = new ResumeTokens("key", NOW).issue(100);
        Clock later = Clock.offset(NOW, ResumeTokens.LIFETIME.plusSeconds(1));
        assertThat(new ResumeTokens("key", later).valid(100, token)).isFalse();
    }

    @Test
    void aTamperedOrMalformedTokenIsRefused() {
        ResumeTokens tokens = new ResumeTokens("key", NOW);
        String token = tokens.issue(100);
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(tokens.valid(100, tampered)).isFalse();
        assertThat(tokens.valid(100, "not base64!")).isFalse();
        assertThat(tokens.valid(100, "")).isFalse();
        assertThat(tokens.valid(100, token + "AAAA")).isFalse();
    }
}
