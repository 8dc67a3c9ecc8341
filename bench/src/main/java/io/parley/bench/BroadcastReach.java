package io.parley.bench;

/**
 * One broadcast as the users of one listening process heard it ({@code broadcast --listen}). With several
 * processes, the broadcast's reach is the sum of {@code receivers} over them for the same {@code msgId}, and
 * the time until the last user had it is the largest {@code maxLatencyMs}.
 *
 * @param msgId          the server's id of the broadcast, the same in every process
 * @param fromUserId     its sender
 * @param sentAt         when the server stored it, wall-clock milliseconds
 * @param receivers      how many of this process's users got it
 * @param lastReceivedAt when the last of them got it, wall-clock milliseconds
 * @param maxLatencyMs   {@code lastReceivedAt - sentAt}
 */
public record BroadcastReach(
        long msgId, int fromUserId, long sentAt, int receivers, long lastReceivedAt, long maxLatencyMs) {
    @Override
    public String toString() {
        return "#" + msgId + ": " + receivers + " users, last after " + maxLatencyMs + " ms";
    }
}
