package io.parley.server.service;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.codec.WireSize;
import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What a tutorial connection can read: only the seed's six types, and no body larger than the 8096 bytes its
 * client reads a frame into ({@link WireSize#SEED_MAX_BODY}). A message that is too large is shrunk until it
 * fits: a login reply keeps as many online ids as fit (the recipient's own first), a broadcast keeps as much text
 * as fits. Each message is measured by encoding it, and handed on with that encoding ({@link SharedMessage}), so
 * the transport does not encode it again.
 */
final class SeedFit {
    static final String ELLIPSIS = "…";
    /** The codec the transport encodes with: what is measured here is what leaves. */
    private static final MessageCodec<ClientMessage, ServerMessage> CODEC = MessageCodec.server();

    private static final Function<ServerMessage, byte[]> ENCODE = CODEC::encode;

    private SeedFit() {}

    /** Whether a tutorial client reads messages of this type at all. */
    static boolean readable(ServerMessage message) {
        return WireTypes.SEED.contains(WireTypes.nameOf(message));
    }

    /**
     * {@code message} encoded, shrunk first if it does not fit; {@code ownId} is the recipient's user id, which a
     * login reply keeps. Empty for a message too large that cannot be shrunk (no seed type but these two grows).
     */
    static Optional<SharedMessage> fit(ServerMessage message, int ownId) {
        byte[] body = CODEC.encode(message);
        return body.length <= WireSize.SEED_MAX_BODY
                ? Optional.of(SharedMessage.encoded(message, body))
                : shrink(message, ownId);
    }

    /**
     * {@code message} itself when its body fits — encoded once for every recipient — else a shrunk copy, made
     * anew for each call: a sender to many should fit it once, before sharing it ({@link Delivery}).
     */
    static Optional<SharedMessage> fit(SharedMessage message, int ownId) {
        return message.body(ENCODE).length <= WireSize.SEED_MAX_BODY
                ? Optional.of(message)
                : shrink(message.message(), ownId);
    }

    private static Optional<SharedMessage> shrink(ServerMessage message, int ownId) {
        if (message instanceof LoginResMes login && login.usersId() != null) {
            return Optional.of(
                    largestFitting(login.usersId().size(), n -> login.withUsersId(trimIds(login.usersId(), n, ownId))));
        }
        if (message instanceof SmsMes sms) {
            return Optional.of(largestFitting(
                    sms.content().length(),
                    n -> new SmsMes(
                            cut(sms.content(), n),
                            sms.userId(),
                            sms.userPwd(),
                            sms.userName(),
                            sms.userStatus(),
                            sms.sex(),
                            null,
                            null,
                            null)));
        }
        return Optional.empty();
    }

    /** Binary search for the largest n whose variant fits; the variant comes with the encoding that measured it. */
    private static SharedMessage largestFitting(int max, IntFunction<ServerMessage> variant) {
        int lo = 0;
        int hi = max;
        SharedMessage fitting = null;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            ServerMessage candidate = variant.apply(mid);
            byte[] body = CODEC.encode(candidate);
            if (body.length <= WireSize.SEED_MAX_BODY) {
                lo = mid;
                fitting = SharedMessage.encoded(candidate, body);
            } else {
                hi = mid - 1;
            }
        }
        if (fitting == null) {
            ServerMessage smallest = variant.apply(lo);
            fitting = SharedMessage.encoded(smallest, CODEC.encode(smallest));
        }
        return fitting;
    }

    /** The caller's own id, then the first others, {@code n} in all (at least the caller's). */
    private static List<Integer> trimIds(List<Integer> ids, int n, int ownId) {
        List<Integer> kept = new ArrayList<>(n);
        kept.add(ownId);
        for (int i = 0; i < ids.size() && kept.size() < n; i++) {
            if (ids.get(i) != ownId) {
                kept.add(ids.get(i));
            }
        }
        return kept;
    }

    /** The first {@code n} chars of {@code text} and an ellipsis, never half a surrogate pair; all of it if short. */
    private static String cut(String text, int n) {
        int end = n;
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end >= text.length() ? text : text.substring(0, end) + ELLIPSIS;
    }
}
