package io.parley.bench;

/**
 * One broadcast of a sending process ({@code broadcast --send}), as the server acknowledged it.
 *
 * @param n      1 for the first broadcast of the run, 2 for the next…
 * @param msgId  the server's id of it, which the listening processes report it under
 * @param sentAt when the server stored it, wall-clock milliseconds
 */
public record BroadcastSent(int n, long msgId, long sentAt) {
    @Override
    public String toString() {
        return n + " = #" + msgId;
    }
}
