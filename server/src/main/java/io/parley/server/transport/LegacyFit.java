package io.parley.server.transport;

import io.parley.protocol.codec.MessageCodec;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.ServerMessage;
import io.parley.protocol.message.SmsMes;
import io.parley.protocol.netty.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Shrinks a seed message until its body fits a tutorial client's 8096-byte read buffer: a login reply
 * keeps as many online ids as fit (the caller's own first), a broadcast keeps as much text as fits.
 */
final class LegacyFit {
    static final String ELLIPSIS = "…";

    private LegacyFit() {
    }

    static ServerMessage fit(MessageCodec<?, ServerMessage> codec, ServerMessage message, int ownId) {
        if (message instanceof LoginResMes login && login.usersId() != null) {
            return largestFitting(codec, login.usersId().size(),
                    n -> login.withUsersId(trimIds(login.usersId(), n, ownId)));
        }
        if (message instanceof SmsMes sms) {
            return largestFitting(codec, sms.content().length(), n -> new SmsMes(cut(sms.content(), n), sms.userId(),
                    sms.userPwd(), sms.userName(), sms.userStatus(), sms.sex(), null, null, null));
        }
        throw new IllegalStateException("cannot shrink " + message.getClass().getSimpleName() + " for a tutorial client");
    }

    /** Binary search for the largest n whose variant fits. */
    private static ServerMessage largestFitting(MessageCodec<?, ServerMessage> codec, int max,
                                                IntFunction<ServerMessage> variant) {
        int lo = 0;
        int hi = max;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (codec.encode(variant.apply(mid)).length <= Frames.LEGACY_MAX_BODY) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return variant.apply(lo);
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

    private static String cut(String text, int n) {
        int end = n;
        if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return end >= text.length() ? text : text.substring(0, end) + ELLIPSIS;
    }
}
