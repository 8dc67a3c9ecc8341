package io.parley.bench;

/**
 * How opening connections and logging in went. Each login costs the server a full password hash, so
 * {@code perSecond} is mostly the server's hashing rate.
 *
 * @param attempted  users that tried
 * @param succeeded  users logged in
 * @param failed     users whose connect or login failed or was refused
 * @param seconds    wall time from the first connect to the last answer
 * @param perSecond  successful logins per second of that time
 * @param latency    connect + hello + login, per user
 * @param firstError the first failure's description, or null
 */
public record Logins(int attempted, int succeeded, int failed, double seconds, double perSecond,
                     LatencySummary latency, String firstError) {
}
