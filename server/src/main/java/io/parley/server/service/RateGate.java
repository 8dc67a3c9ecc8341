package io.parley.server.service;

import java.util.function.LongSupplier;

/**
 * The service's token buckets (docs/security.md, "Rates and quotas"): chat messages per user, and history,
 * list and watch requests per connection. A refusal is answered with 429 and how long to wait, and the
 * request is dropped: nothing is stored, nothing acknowledged.
 */
final class RateGate {
    private final RateLimits limits;
    private final LongSupplier ticker;
    private final UserBuckets messages;

    /** @param ticker nanoseconds, as {@link System#nanoTime()}; tests pass their own */
    RateGate(RateLimits limits, LongSupplier ticker) {
        this.limits = limits;
        this.ticker = ticker;
        this.messages = new UserBuckets(limits.messagesPerSecond(), limits.messageBurst(), ticker);
    }

    /** Whether the session's user may send a chat message now; if not, the refusal has been sent. */
    boolean allowMessage(ClientSession session, String type, String clientMsgId) {
        long waitMs = messages.take(session.userId());
        if (waitMs == 0) {
            return true;
        }
        Replies.tooFast(
                session,
                "too many messages: " + number(limits.messagesPerSecond()) + " a second, " + limits.messageBurst()
                        + " at once",
                waitMs,
                type,
                null,
                clientMsgId);
        return false;
    }

    /** Whether the session may make a history, list or watch request now; if not, the refusal has been sent. */
    boolean allowRequest(ClientSession session, String type, String reqId) {
        TokenBucket bucket = session.requestBucket();
        if (bucket == null) {
            bucket = new TokenBucket(limits.requestsPerSecond(), limits.requestBurst(), ticker.getAsLong());
            session.requestBucket(bucket);
        }
        long waitMs = bucket.take(ticker.getAsLong());
        if (waitMs == 0) {
            return true;
        }
        Replies.tooFast(
                session,
                "too many requests: " + number(limits.requestsPerSecond()) + " a second, " + limits.requestBurst()
                        + " at once",
                waitMs,
                type,
                reqId,
                null);
        return false;
    }

    /** A rate as people write it: 10, not 10.0; 0.5 stays 0.5. */
    private static String number(double perSecond) {
        return perSecond == Math.rint(perSecond) && perSecond < 1e15
                ? Long.toString((long) perSecond)
                : Double.toString(perSecond);
    }
}
