package io.parley.bench;

/**
 * How opening connections and logging in went, with passwords or (for {@code connect --resume}) with resume
 * tokens. Each password login costs the server a full password hash, so its {@code perSecond} is mostly the
 * server's hashing rate; a resume costs an HMAC instead.
 *
 * @param attempted  users that tried
 * @param succeeded  users logged in
 * @param failed     users whose connect or login failed or was refused
 * @param seconds    wall time from the first connect to the last answer
 * @param perSecond  successful logins per second of that time
 * @param latency    connect + hello + login (or resume), per user
 * @param firstError the first failure's description, or null
 */
public record Logins(
        int attempted,
        int succeeded,
        int failed,
        double seconds,
        double perSecond,
        LatencySummary latency,
        String firstError) {}
