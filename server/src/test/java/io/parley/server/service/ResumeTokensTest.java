package io.parley.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.store.TokenKeys;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ResumeTokensTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-26T00:00:00Z"), ZoneOffset.UTC);
    /** A day's lifetime and an hour's grace after a rotation. */
    private static final TokenSettings SETTINGS = new TokenSettings(24 * 3600, 3600, 60);

    private static ResumeTokens tokens(String key, Clock clock) {
        return new ResumeTokens(new TokenKeys(key, null, 0), SETTINGS, clock);
    }

    private static Clock after(Duration d) {
        return Clock.offset(NOW, d);
    }

    @Test
    void aTokenIsValidForTheUserItWasIssuedToAndSaysWhatWasSigned() {
        ResumeTokens tokens = tokens("key", NOW);
        SessionToken issued = tokens.fresh(100, 7);

        assertThat(tokens.verify(100, tokens.issue(issued))).contains(issued);
        assertThat(issued.origin()).isEqualTo(NOW.millis());
        assertThat(issued.epoch()).isEqualTo(7);
    }

    @Test
    void eachPasswordLoginGetsItsOwnRandomId() {
        ResumeTokens tokens = tokens("key", NOW);

        assertThat(tokens.fresh(100, 0).id()).isNotEqualTo(tokens.fresh(100, 0).id());
        assertThat(tokens.fresh(100, 0).idText()).hasSize(16);
    }

    @Test
    void aTokenIsNotValidForAnotherUser() {
        ResumeTokens tokens = tokens("key", NOW);
        assertThat(tokens.verify(200, tokens.issue(tokens.fresh(100, 0)))).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        ResumeTokens other = tokens("other key", NOW);
        String foreign = other.issue(other.fresh(100, 0));
        assertThat(tokens("key", NOW).verify(100, foreign)).isEmpty();
    }

    @Test
    void theLifetimeCountsFromThePasswordLoginSoResumingNeverExtendsIt() {
        ResumeTokens atLogin = tokens("key", NOW);
        SessionToken login = atLogin.fresh(100, 0);
        // A resume an hour before the end hands out a token with the same origin...
        ResumeTokens later = tokens("key", after(Duration.ofHours(23)));
        SessionToken resumed = later.verify(100, atLogin.issue(login)).orElseThrow();
        String reissued = later.issue(resumed);
        assertThat(later.expiresAt(resumed))
                .isEqualTo(NOW.millis() + Duration.ofHours(24).toMillis());

        // ...which dies with the first one.
        ResumeTokens past = tokens("key", after(Duration.ofHours(24).plusSeconds(1)));
        assertThat(past.verify(100, reissued)).isEmpty();
        assertThat(past.verify(100, atLogin.issue(login))).isEmpty();
    }

    @Test
    void aTokenOfThePreviousKeyIsAcceptedDuringTheGraceAfterARotationAndRefusedAfter() {
        ResumeTokens before = tokens("old", NOW);
        String old = before.issue(before.fresh(100, 0));
        long rotatedAt = NOW.millis();
        TokenKeys rotated = new TokenKeys("new", "old", rotatedAt);

        ResumeTokens inGrace = new ResumeTokens(rotated, SETTINGS, after(Duration.ofMinutes(59)));
        assertThat(inGrace.verify(100, old)).isPresent();
        ResumeTokens pastGrace = new ResumeTokens(rotated, SETTINGS, after(Duration.ofMinutes(61)));
        assertThat(pastGrace.verify(100, old)).isEmpty();
    }

    @Test
    void newTokensAreSignedWithTheNewKeyOnceTheKeysChange() {
        ResumeTokens tokens = tokens("old", NOW);

        assertThat(tokens.keys(new TokenKeys("old", null, 0))).isFalse();
        assertThat(tokens.keys(new TokenKeys("new", "old", NOW.millis()))).isTrue();

        String issued = tokens.issue(tokens.fresh(100, 0));
        assertThat(tokens("new", NOW).verify(100, issued)).isPresent();
        assertThat(tokens("old", NOW).verify(100, issued)).isEmpty();
    }

    @Test
    void aTokenOfTheKeyBeforeThePreviousIsRefused() {
        ResumeTokens first = tokens("first", NOW);
        String token = first.issue(first.fresh(100, 0));

        ResumeTokens twiceRotated = new ResumeTokens(new TokenKeys("third", "second", NOW.millis()), SETTINGS, NOW);
        assertThat(twiceRotated.verify(100, token)).isEmpty();
    }

    @Test
    void aVersionOneTokenIsRefusedSinceItCouldNotBeRevoked() {
        // The layout before revocation: user id and expiry, then 16 bytes of MAC.
        ByteBuffer v1 = ByteBuffer.allocate(4 + 8 + 16).putInt(100).putLong(NOW.millis() + 1_000_000);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(v1.array());
        assertThat(tokens("key", NOW).verify(100, token)).isEmpty();
    }

    @Test
    void aTamperedOrMalformedTokenIsRefused() {
        ResumeTokens tokens = tokens("key", NOW);
        String token = tokens.issue(tokens.fresh(100, 0));
        char last = token.charAt(token.length() - 1);
        String tampered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(tokens.verify(100, tampered)).isEmpty();
        assertThat(tokens.verify(100, "not base64!")).isEmpty();
        assertThat(tokens.verify(100, "")).isEmpty();
        assertThat(tokens.verify(100, token + "AAAA")).isEmpty();
    }

    @Test
    void raisingTheEpochInAClaimChangesTheTokenSoAnOldOneCannotPassForIt() {
        ResumeTokens tokens = tokens("key", NOW);
        SessionToken t = tokens.fresh(100, 1);
        assertThat(tokens.issue(t)).isNotEqualTo(tokens.issue(t.withEpoch(2)));
        assertThat(tokens.verify(100, tokens.issue(t.withEpoch(2)))).contains(t.withEpoch(2));
    }
}
