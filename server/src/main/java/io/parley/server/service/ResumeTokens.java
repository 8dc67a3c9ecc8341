package io.parley.server.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resume tokens: a user id and an expiry signed with HMAC-SHA256 under a key every node shares through the
 * store. Checking one costs a hash of 12 bytes rather than a bcrypt verification, which is what makes
 * reconnecting cheap; it needs no store lookup, so it scales with nodes. Rotating the stored key revokes every
 * token at once.
 */
final class ResumeTokens {
    static final Duration LIFETIME = Duration.ofDays(30);
    private static final int PAYLOAD = Integer.BYTES + Long.BYTES;
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final ThreadLocal<Mac> macs;

    ResumeTokens(String key, Clock clock) {
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A fresh random key, offered to the store the first time a server starts on it. */
    static String newKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    String issue(int userId) {
        ByteBuffer token = ByteBuffer.allocate(PAYLOAD + MAC_BYTES);
        token.putInt(userId).putLong(clock.millis() + LIFETIME.toMillis());
        token.put(sign(token.array()));
        return ENCODER.encodeToString(token.array());
    }

    /** Whether {@code token} was issued here for {@code userId} and has not expired. */
    boolean valid(int userId, String token) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != PAYLOAD + MAC_BYTES) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int id = b.getInt();
        long expiresAt = b.getLong();
        byte[] mac = Arrays.copyOfRange(bytes, PAYLOAD, bytes.length);
        // Constant-time comparison, so that timing does not reveal how much of a forged MAC was right.
        return MessageDigest.isEqual(mac, sign(bytes)) && id == userId && expiresAt > clock.millis();
    }

    private byte[] sign(byte[] token) {
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
