package io.parley.bench;

/**
 * What the work cost the server (and the bench itself), from /proc; a value is null when it could not be
 * measured (no {@code --server-pid}, nothing delivered, not Linux). With the server in the bench's own
 * process the server's numbers include the bench's.
 *
 * @param serverCpuMicrosPerMessage server CPU time per delivered message, over the messaging phase
 * @param serverCpuMicrosPerLogin   server CPU time per successful password login, over the login phase
 * @param serverCpuMicrosPerResume  server CPU time per successful resume login, over the resume phase
 *                                  ({@code connect --resume} only)
 * @param serverRssKbPerConnection  growth of the server's resident memory per logged-in connection
 * @param benchCpuMicrosPerMessage  the bench's own CPU time per delivered message, to show it is small
 * @param benchCpuMicrosPerResume   the bench's own CPU time per successful resume login: on one core, the
 *                                  resumes a second it can drive at most
 */
public record Costs(
        Double serverCpuMicrosPerMessage,
        Double serverCpuMicrosPerLogin,
        Double serverCpuMicrosPerResume,
        Double serverRssKbPerConnection,
        Double benchCpuMicrosPerMessage,
        Double benchCpuMicrosPerResume) {
    private static final double MICROS_PER_NANO = 1e-3;

    /**
     * The costs of a messaging workload: its logins and its messages.
     *
     * @param sendBefore when the messaging phase began
     * @param sendAfter  when it ended (all deliveries in or the drain timed out)
     */
    static Costs of(Workload.Entry entry, Snapshot sendBefore, Snapshot sendAfter, long delivered) {
        return new Costs(
                ProcessProbe.per(sendBefore.serverCpu(), sendAfter.serverCpu(), delivered, MICROS_PER_NANO),
                perLogin(entry),
                null,
                // Memory per connection needs many connections and no traffic to mean anything: connect's alone.
                null,
                ProcessProbe.per(sendBefore.benchCpu(), sendAfter.benchCpu(), delivered, MICROS_PER_NANO),
                null);
    }

    static Double perLogin(Workload.Entry entry) {
        return ProcessProbe.per(
                entry.before().serverCpu(),
                entry.after().serverCpu(),
                entry.logins().succeeded(),
                MICROS_PER_NANO);
    }

    static Double benchPerLogin(Workload.Entry entry) {
        return micros(
                entry.before().benchCpu(),
                entry.after().benchCpu(),
                entry.logins().succeeded());
    }

    static Double micros(long beforeNanos, long afterNanos, long units) {
        return ProcessProbe.per(beforeNanos, afterNanos, units, MICROS_PER_NANO);
    }
}
