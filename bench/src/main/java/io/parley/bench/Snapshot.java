package io.parley.bench;

/**
 * Readings taken at one moment, so that a phase's costs are the difference of two snapshots.
 *
 * @param nanos     {@link System#nanoTime()}
 * @param serverCpu the server's CPU time in nanoseconds; -1 when unknown
 * @param serverRss the server's resident memory in KiB; -1 when unknown
 * @param benchCpu  this process's CPU time in nanoseconds; -1 when unknown
 */
record Snapshot(long nanos, long serverCpu, long serverRss, long benchCpu) {
    static Snapshot take(ProcessProbe server, ProcessProbe bench) {
        return new Snapshot(System.nanoTime(), server.cpuNanos(), server.rssKb(), bench.cpuNanos());
    }

    double secondsSince(Snapshot earlier) {
        return (nanos - earlier.nanos) / 1e9;
    }
}
