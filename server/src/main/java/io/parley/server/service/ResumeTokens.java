package io.parley.server.service;

import io.parley.server.store.TokenKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resume tokens: a {@link SessionToken} signed with HMAC-SHA256 under a key every node shares through the store.
 * Checking the signature and the absolute lifetime costs a hash of 29 bytes rather than a bcrypt verification;
 * whether the token was revoked (its id, or its epoch) is the store's to say, see {@link Accounts#resume}.
 *
 * <p>Keys rotate: new tokens are signed with the current key, and a token signed with the previous one is still
 * accepted until {@code keyGraceSeconds} after the rotation. Version 1 tokens (no epoch, no id) are refused:
 * they could not be revoked.
 */
final class ResumeTokens {
    private static final byte VERSION = 2;
    /** version, userId, origin, epoch, id */
    private static final int PAYLOAD = 1 + Integer.BYTES + 3 * Long.BYTES;

    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TokenSettings settings;
    private final Clock clock;
    private volatile Keys keys;

    ResumeTokens(TokenKeys keys, TokenSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.keys = Keys.of(keys, settings);
    }

    /** A fresh random key, offered to the store the first time a server starts on it, or by a rotation. */
    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Takes the keys now in the store; true when they differ from those in use. */
    boolean keys(TokenKeys stored) {
        if (stored.equals(keys.stored)) {
            return false;
        }
        keys = Keys.of(stored, settings);
        return true;
    }

    /** A token for a password login that happens now: a new origin and a new random id. */
    SessionToken fresh(int userId, long epoch) {
        return new SessionToken(userId, clock.millis(), epoch, RANDOM.nextLong());
    }

    /** When {@code token}, and every token resumed from its login, stops being accepted. */
    long expiresAt(SessionToken token) {
        return token.origin() + settings.lifetimeSeconds() * 1000;
    }

    String issue(SessionToken token) {
        ByteBuffer bytes = ByteBuffer.allocate(PAYLOAD + MAC_BYTES);
        bytes.put(VERSION)
                .putInt(token.userId())
                .putLong(token.origin())
                .putLong(token.epoch())
                .putLong(token.id());
        bytes.put(keys.current.sign(bytes.array()));
        return ENCODER.encodeToString(bytes.array());
    }

    /**
     * What {@code token} says, when it was signed here with the current key (or the previous one within the
     * grace period) for {@code userId}, and its lifetime has not run out; empty otherwise.
     */
    Optional<SessionToken> verify(int userId, String token) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != PAYLOAD + MAC_BYTES || bytes[0] != VERSION) {
            return Optional.empty();
        }
        byte[] mac = Arrays.copyOfRange(bytes, PAYLOAD, bytes.length);
        Keys k = keys;
        long now = clock.millis();
        // Constant-time comparison, so that timing does not reveal how much of a forged MAC was right.
        boolean signed = MessageDigest.isEqual(mac, k.current.sign(bytes))
                || (k.previous != null && now < k.previousUntil && MessageDigest.isEqual(mac, k.previous.sign(bytes)));
        if (!signed) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 1, PAYLOAD - 1);
        SessionToken claims = new SessionToken(b.getInt(), b.getLong(), b.getLong(), b.getLong());
        if (claims.userId() != userId || expiresAt(claims) <= now) {
            return Optional.empty();
        }
        return Optional.of(claims);
    }

    /** The keys in use, each with its own per-thread MACs, and when the previous one stops being accepted. */
    private record Keys(TokenKeys stored, Signer current, Signer previous, long previousUntil) {
        static Keys of(TokenKeys stored, TokenSettings settings) {
            return new Keys(
                    stored,
                    new Signer(stored.current()),
                    stored.previous() == null ? null : new Signer(stored.previous()),
                    stored.rotatedAt() + settings.keyGraceSeconds() * 1000);
        }
    }

    private static final class Signer {
        private final SecretKeySpec key;
        private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

        Signer(String key) {
            this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        }

        byte[] sign(byte[] token) {
            Mac mac = macs.get();
            mac.update(token, 0, PAYLOAD);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        }

        private Mac newMac() {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        }
    }
}
